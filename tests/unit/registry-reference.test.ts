import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/rpc/errors';
import {
  familiarName,
  formatReference,
  normalizeRegistryHost,
  parseImageReference,
  registryLink,
} from '../../electron/core/registry/image-reference';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    ['nginx', 'docker.io', 'library/nginx', 'latest', null],
    ['nginx:1.25', 'docker.io', 'library/nginx', '1.25', null],
    ['library/nginx:1.25-alpine', 'docker.io', 'library/nginx', '1.25-alpine', null],
    ['crazymax/diun:4', 'docker.io', 'crazymax/diun', '4', null],
    ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest', null],
    ['index.docker.io/library/redis:7', 'docker.io', 'library/redis', '7', null],
    ['registry-1.docker.io/org/app:v1', 'docker.io', 'org/app', 'v1', null],
    ['ghcr.io/org/team/app:v1.2.3', 'ghcr.io', 'org/team/app', 'v1.2.3', null],
    ['10.231.0.10:5000/lab/web:1.0.0', '10.231.0.10:5000', 'lab/web', '1.0.0', null],
    ['localhost/app', 'localhost', 'app', 'latest', null],
    ['localhost:5000/app', 'localhost:5000', 'app', 'latest', null],
    [`nginx@${DIGEST}`, 'docker.io', 'library/nginx', null, DIGEST],
    [`reg.example.com:443/a/b:v2@${DIGEST}`, 'reg.example.com:443', 'a/b', 'v2', DIGEST],
    ['my_org/my__app-x.y:TAG_1', 'docker.io', 'my_org/my__app-x.y', 'TAG_1', null],
  ])('%s', (input, registry, repository, tag, digest) => {
    expect(parseImageReference(input)).toEqual({ registry, repository, tag, digest });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['Nginx:1', 'lowercase'],
    ['nginx:', 'tag'],
    ['nginx:-bad', 'tag'],
    [`nginx:${'x'.repeat(129)}`, 'tag'],
    ['nginx@sha256:xyz', 'digest'],
    ['nginx@', 'digest'],
    ['a//b', 'path component'],
    ['/nginx', 'path component'],
    ['nginx/', 'path component'],
    ['ghcr.io/', 'repository is empty'],
    ['bad_host.io:99a/app', 'not a valid registry host'],
    [`${'a'.repeat(64)}`, 'image ID'],
    [`sha256:${'b'.repeat(64)}`, 'image ID'],
    ['ex ample/app', 'path component'],
    [`x/${'a'.repeat(260)}`, '255'],
  ])('rejects %j with a clear VALIDATION error (%s)', (input, fragment) => {
    let caught: unknown;
    try {
      parseImageReference(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('VALIDATION');
    expect((caught as AppError).message).toContain(fragment);
  });

  it('formats back to canonical and familiar forms', () => {
    const ref = parseImageReference(`nginx:1.25@${DIGEST}`);
    expect(formatReference(ref)).toBe(`docker.io/library/nginx:1.25@${DIGEST}`);
    expect(familiarName(ref)).toBe('nginx');
    expect(familiarName(parseImageReference('ghcr.io/o/a'))).toBe('ghcr.io/o/a');
  });
});

describe('normalizeRegistryHost', () => {
  it.each([
    ['https://Registry.Example.com/', 'registry.example.com'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['10.231.0.10:5001', '10.231.0.10:5001'],
    ['http://10.231.0.10:5000/v2/', '10.231.0.10:5000'],
  ])('%s → %s', (input, host) => {
    expect(normalizeRegistryHost(input)).toBe(host);
  });

  it.each(['', 'a b', 'host:99999', 'https://', '-bad-.com'])('rejects %j', (input) => {
    expect(() => normalizeRegistryHost(input)).toThrow(AppError);
  });
});

describe('registryLink', () => {
  it('points at pages a person reads, never at the registry API', () => {
    expect(registryLink('docker.io', 'library/nginx', false)).toBe('https://hub.docker.com/_/nginx/tags');
    expect(registryLink('docker.io', 'org/app', false)).toBe('https://hub.docker.com/r/org/app/tags');
    expect(registryLink('ghcr.io', 'o/a', false)).toBe('https://ghcr.io/o/a');
    expect(registryLink('quay.io', 'o/a', false)).toBe('https://quay.io/repository/o/a?tab=tags');
    expect(registryLink('10.231.0.10:5000', 'lab/web', true)).toBe('http://10.231.0.10:5000/');
    for (const registry of ['ghcr.io', 'quay.io', 'r.example.com', 'docker.io']) {
      expect(registryLink(registry, 'o/a', false)).not.toContain('/v2/');
    }
  });

  it('never echoes a host typed with credentials (user:password@host)', () => {
    let message = '';
    try {
      normalizeRegistryHost('alice:hunter2-secret@registry.example.com');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/only the registry host/);
    expect(message).not.toContain('hunter2');
    expect(() => normalizeRegistryHost('not a host!')).toThrow(/Not a registry host/);
  });
});
