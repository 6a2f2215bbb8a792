import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isInside,
  lookupRendererFile,
  resolveRendererPath,
} from '../../../electron/web-security/renderer-path';

describe('resolveRendererPath (containment)', () => {
  const root = '/srv/tidewatch/out/renderer';

  it.each([
    ['/', root],
    ['/index.html', `${root}/index.html`],
    ['/assets/index-abc.js', `${root}/assets/index-abc.js`],
    ['//assets//a.js', `${root}/assets/a.js`],
    ['/assets/../index.html', `${root}/index.html`],
    ['/my%20file.txt', `${root}/my file.txt`],
  ])('maps %s inside the root', (urlPath, expected) => {
    expect(resolveRendererPath(root, urlPath)).toBe(expected);
  });

  it.each([
    ['/../secret.txt'],
    ['/../../../../etc/passwd'],
    ['/assets/../../main/index.js'],
    ['/%2e%2e/%2e%2e/etc/passwd'],
    ['/%2E%2E/secret'],
    ['/..%2f..%2fetc/passwd'],
    ['/%252e%252e/etc/passwd'],
    ['/..%5c..%5cwindows'],
    ['/assets\\..\\..\\secret'],
    ['/index.html%00.png'],
    ['/index.html\u0000'],
    ['/%E0%A4%A'],
    ['/../renderer-evil/index.html'],
  ])('refuses %s', (urlPath) => {
    expect(resolveRendererPath(root, urlPath)).toBeNull();
  });

  it('treats an absolute path in the URL as relative to the root', () => {
    expect(resolveRendererPath(root, '/etc/passwd')).toBe(`${root}/etc/passwd`);
    expect(resolveRendererPath(root, '///etc/passwd')).toBe(`${root}/etc/passwd`);
  });

  it('does not confuse a sibling sharing the prefix with the root', () => {
    expect(isInside('/a/renderer', '/a/renderer-evil/x')).toBe(false);
    expect(isInside('/a/renderer', '/a/renderer/x')).toBe(true);
    expect(isInside('/a/renderer', '/a/renderer')).toBe(true);
    expect(isInside('/a/renderer', '/a')).toBe(false);
  });
});

describe('lookupRendererFile (the file system side)', () => {
  let base: string;
  let root: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'tidewatch-renderer-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
    writeFileSync(join(base, 'secret.txt'), 'secret');
    symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.js'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('finds files, folders via index.html, and route-like paths via the SPA fallback', async () => {
    expect(await lookupRendererFile(root, '/assets/app.js')).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'app.js'),
    });
    expect(await lookupRendererFile(root, '/')).toEqual({ kind: 'file', path: join(root, 'index.html') });
    expect(await lookupRendererFile(root, '/hosts/3')).toEqual({
      kind: 'file',
      path: join(root, 'index.html'),
    });
  });

  it('answers not-found for a missing asset instead of HTML', async () => {
    expect(await lookupRendererFile(root, '/assets/missing.js')).toEqual({ kind: 'not-found' });
  });

  it('refuses traversal and a symlink leading out of the folder', async () => {
    expect(await lookupRendererFile(root, '/../secret.txt')).toEqual({ kind: 'refused' });
    expect(await lookupRendererFile(root, '/%2e%2e/secret.txt')).toEqual({ kind: 'refused' });
    expect(await lookupRendererFile(root, '/assets/link.js')).toEqual({ kind: 'refused' });
  });

  it('reports an unbuilt renderer', async () => {
    expect(await lookupRendererFile(join(base, 'missing'), '/')).toEqual({ kind: 'not-built' });
  });
});
