import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createClient } from '@shared/rpc/client';
import { ContractError } from '@shared/rpc/errors';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { createCore } from '../../electron/core/app';
import { silentLogger } from '../../electron/core/logging/logger';
import { UnavailableSecretStore } from '../../electron/core/secrets/unavailable-secret-store';
import { makeTestCore, type TestCore } from './foundation/test-core';

describe('registries.* through the contract', () => {
  let test: TestCore;
  let client: ReturnType<typeof createClient>;
  let dir: string;

  beforeAll(() => {
    test = makeTestCore();
    client = createClient(createMemoryTransport(test.core.dispatcher, test.core.events));
    dir = mkdtempSync(join(tmpdir(), 'tw-dockercfg-'));
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates, updates and removes a registry; the password never comes back', async () => {
    const created = await client.call('registries.create', {
      host: 'https://Registry.Example.com/',
      username: 'alice',
      password: 's3cret-pass',
    });
    expect(created).toMatchObject({
      host: 'registry.example.com',
      name: 'registry.example.com',
      username: 'alice',
      hasSecret: true,
      insecure: false,
    });
    expect(JSON.stringify(await client.call('registries.list'))).not.toContain('s3cret-pass');
    await expect(client.call('registries.create', { host: 'registry.example.com' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    const updated = await client.call('registries.update', {
      id: created.id,
      password: null,
      insecure: true,
      name: 'Example',
    });
    expect(updated).toMatchObject({ hasSecret: false, insecure: true, name: 'Example' });
    expect(await client.call('registries.remove', { id: created.id })).toEqual({
      removed: true,
      id: created.id,
    });
    expect(await client.call('registries.list')).toEqual([]);
    await expect(client.call('registries.remove', { id: created.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses bad hosts and a password without a username', async () => {
    await expect(client.call('registries.create', { host: 'not a host' })).rejects.toBeInstanceOf(
      ContractError,
    );
    await expect(
      client.call('registries.create', { host: 'r.example.com', password: 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('lists docker config.json logins as candidates and imports the chosen ones', async () => {
    // The import reads only $DOCKER_CONFIG/config.json (default ~/.docker/config.json), never a given path.
    const previous = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = dir;
    onTestFinished(() => {
      if (previous === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = previous;
    });
    const path = join(dir, 'config.json');
    writeFileSync(
      path,
      JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass-123').toString('base64') },
          '10.231.0.10:5001': { auth: Buffer.from('labuser:labpass').toString('base64') },
          'ghcr.io': {},
          'broken.example.com': { auth: Buffer.from('nocolon').toString('base64') },
        },
        credHelpers: { 'gcr.io': 'gcloud' },
      }),
    );
    const listed = await client.call('registries.importDockerConfig', {});
    expect(listed.imported).toEqual([]);
    expect(listed.candidates).toEqual([
      { host: 'docker.io', username: 'hubuser', hasSecret: true, alreadyConfigured: false, problem: null },
      {
        host: '10.231.0.10:5001',
        username: 'labuser',
        hasSecret: true,
        alreadyConfigured: false,
        problem: null,
      },
      {
        host: 'ghcr.io',
        username: null,
        hasSecret: false,
        alreadyConfigured: false,
        problem: 'No credentials in this entry',
      },
      {
        host: 'broken.example.com',
        username: null,
        hasSecret: false,
        alreadyConfigured: false,
        problem: 'The auth field cannot be decoded',
      },
      {
        host: 'gcr.io',
        username: null,
        hasSecret: false,
        alreadyConfigured: false,
        problem: 'Kept by credential helper "gcloud"',
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain('hubpass-123');

    const imported = await client.call('registries.importDockerConfig', {
      importHosts: ['10.231.0.10:5001', 'ghcr.io'],
    });
    expect(imported.imported.map((r) => [r.host, r.username, r.hasSecret])).toEqual([
      ['10.231.0.10:5001', 'labuser', true],
    ]);
    expect(imported.candidates.find((c) => c.host === '10.231.0.10:5001')?.alreadyConfigured).toBe(true);

    await expect(
      client.call('registries.importDockerConfig', { path: '/proc/self/environ' } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    writeFileSync(path, '{nope');
    await expect(client.call('registries.importDockerConfig', {})).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    rmSync(path);
    await expect(client.call('registries.importDockerConfig', {})).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('validates updates.* inputs (snooze needs until xor duration, ids exist)', async () => {
    await expect(client.call('updates.snooze', { ids: [1] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(client.call('updates.snooze', { ids: [1], duration: '3 days' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(client.call('updates.acknowledge', { ids: [12345] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await client.call('updates.list', { status: 'new' })).toEqual([]);
    // The watch's switches are app settings like the others (one place for settings).
    expect(await client.call('settings.get')).toMatchObject({
      watchByDefault: true,
      includePrereleases: false,
      desktopNotifications: true,
    });
    expect(await client.call('settings.update', { watchByDefault: false })).toMatchObject({
      watchByDefault: false,
    });
    await expect(
      client.call('updates.setSchedule', { hostId: 'h1', cron: '0 3 * * *' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const host = await client.call('hosts.create', {
      name: 'schedule-check',
      address: '127.0.0.1',
      user: 'ada',
      auth: { kind: 'agent' },
    });
    await expect(
      client.call('updates.setSchedule', { hostId: host.id, cron: 'every day' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const status = await client.call('updates.status');
    expect(status).toEqual({ schedules: [], running: null, images: [], rateLimits: [], lastRun: null });
  });
});

describe('secrets refused by the store', () => {
  it('leaves no registry or notifier row behind when the secret cannot be saved', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tw-refused-'));
    const core = createCore({
      dataDir,
      secrets: new UnavailableSecretStore('encrypted-file', 'no key configured'),
      logger: silentLogger,
      mode: 'test',
      version: '0.0.0-test',
    });
    const api = createClient(createMemoryTransport(core.dispatcher, core.events));
    try {
      await expect(
        api.call('registries.create', { host: 'r.example.com', username: 'u', password: 'p' }),
      ).rejects.toMatchObject({ code: 'SECRET_BACKEND' });
      expect(await api.call('registries.list')).toEqual([]);
      await expect(
        api.call('updates.notifiers.create', {
          kind: 'webhook',
          name: 'hook',
          url: 'https://hooks.example.com/secret-path',
        }),
      ).rejects.toMatchObject({ code: 'SECRET_BACKEND' });
      expect(await api.call('updates.notifiers.list')).toEqual([]);
      // Without a password the registry needs no secret and is saved.
      expect(await api.call('registries.create', { host: 'r.example.com' })).toMatchObject({
        hasSecret: false,
      });
    } finally {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
