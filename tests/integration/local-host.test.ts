// A local host: the Docker engine of the machine the core runs on, through its unix socket, with no SSH.
// The test process runs on the lab's machine, so dock1's engine socket is a local socket here: the core
// reaches it without SSH and must see what dock1's engine has. Everything SSH-shaped refuses the host.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Host } from '@shared/schemas/hosts';
import { startCompanionProcess } from '../e2e/harness';
import { labHost, startTestCore, waitForState, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const socket = lab.hosts.dock1.dockerSocket ?? '';
let t: TestCore;
let local: Host;

beforeAll(async () => {
  t = await startTestCore();
  local = await t.client.call('hosts.createLocal', { name: 'this machine', dockerSocket: socket });
});
afterAll(async () => {
  await t?.close();
});

describe('a local host (this machine’s own engine, no SSH)', { timeout: 120_000 }, () => {
  it('is saved as local, with no login, key or jump host', () => {
    expect(local).toMatchObject({
      kind: 'local',
      name: 'this machine',
      address: 'localhost',
      dockerSocket: socket,
      jumpHostId: null,
      hostKey: null,
      dockerEnabled: true,
    });
  });

  it('connects through the socket and sees what that engine has', async () => {
    const status = await t.client.call('hosts.connect', { hostId: local.id });
    expect(status).toMatchObject({ state: 'connected', dockerTransport: 'unix-socket' });
    expect(status.fingerprint).toBeUndefined();

    const direct = await new Docker({ socketPath: socket }).listContainers({ all: true });
    const listed = await t.client.call('containers.list', { hostId: local.id });
    expect(listed.map((container) => container.id).sort()).toEqual(direct.map((raw) => raw.Id).sort());
    const web1 = listed.find((container) => container.name === 'web1');
    expect(web1?.state).toBe('running');

    // /proc is read on this machine: the same kernel figures.
    const metrics = await t.client.call('hosts.metrics', { hostId: local.id });
    expect(metrics.cpus).toBe(cpus().length);
  });

  it('tests a socket before saving: the engine’s version, or why not, without dialling anything else', async () => {
    const good = await t.client.call('hosts.testConnection', {
      local: { name: 'probe', dockerSocket: socket },
    });
    expect(good).toMatchObject({ state: 'connected', fingerprint: null, field: null });
    expect(good.docker).toMatchObject({ transport: 'unix-socket', socketPath: socket });
    expect(good.docker?.serverVersion).toMatch(/^\d+\./);

    const missing = await t.client.call('hosts.testConnection', {
      local: { name: 'probe', dockerSocket: join(t.dataDir, 'no-such.sock') },
    });
    expect(missing).toMatchObject({ state: 'docker-unavailable', docker: null });
    expect(missing.reason).toMatch(/nothing is there/);

    // A plain file is never dialled as an engine, and nothing of it is echoed back.
    const file = join(t.dataDir, 'not-a-socket');
    writeFileSync(file, 'secret-content\n');
    const notSocket = await t.client.call('hosts.testConnection', {
      local: { name: 'probe', dockerSocket: file },
    });
    expect(notSocket).toMatchObject({ state: 'docker-unavailable' });
    expect(notSocket.reason).toMatch(/not a socket/);
    expect(JSON.stringify(notSocket)).not.toContain('secret-content');

    const saved = await t.client.call('hosts.testConnection', { hostId: local.id });
    expect(saved).toMatchObject({ state: 'connected' });
  });

  it('refuses SSH settings, a host key and being a jump host, with the field named', async () => {
    await expect(
      t.client.call('hosts.update', { hostId: local.id, address: '10.0.0.1' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', field: 'address' });
    await expect(
      t.client.call('hosts.trustHostKey', { hostId: local.id, fingerprint: `SHA256:${'A'.repeat(43)}` }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('no SSH connection') });
    await expect(
      t.client.call('hosts.create', { ...labHost(lab, 'dock2'), jumpHostId: local.id }),
    ).rejects.toMatchObject({ code: 'VALIDATION', field: 'jumpHostId' });
    await expect(
      t.client.call('companions.add', { hostId: local.id, port: 4000, token: 'A'.repeat(43) }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('no SSH connection') });
    // What a local host does have may change.
    const renamed = await t.client.call('hosts.update', { hostId: local.id, name: 'this server' });
    expect(renamed.name).toBe('this server');
  });

  it('disconnect holds it down until connect; a wrong socket is docker-unavailable with the reason', async () => {
    expect(await t.client.call('hosts.disconnect', { hostId: local.id })).toMatchObject({
      state: 'disconnected',
    });
    await expect(t.client.call('containers.list', { hostId: local.id })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('is disconnected'),
    });

    await t.client.call('hosts.update', { hostId: local.id, dockerSocket: join(t.dataDir, 'gone.sock') });
    const wrong = await t.client.call('hosts.connect', { hostId: local.id });
    expect(wrong).toMatchObject({ state: 'docker-unavailable' });
    expect(wrong.reason).toMatch(/nothing is there/);
    expect(wrong.nextRetryAt).toBeDefined();

    // Pointing it back reconnects it (the update of a connection field reconnects a wanted host).
    await t.client.call('hosts.update', { hostId: local.id, dockerSocket: socket });
    await waitForState(t, local.id, 'connected');
  });
});

describe('the companion’s --local-engine', { timeout: 240_000 }, () => {
  it('adds this machine’s engine once, under the machine’s name, connected; a restart keeps that host', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tw-local-engine-'));
    try {
      const args = ['--local-engine', socket];
      const first = await startCompanionProcess({ dataDir, args });
      const client = first.client();
      const [host] = await client.call('hosts.list');
      expect(host).toMatchObject({ kind: 'local', name: hostname(), dockerSocket: socket });
      expect(await client.call('hosts.getStatus', { hostId: host?.id ?? '' })).toMatchObject({
        state: 'connected',
        dockerTransport: 'unix-socket',
      });
      const names = (await client.call('containers.list', { hostId: host?.id ?? '' })).map((c) => c.name);
      expect(names).toContain('web1');
      await client.call('hosts.update', { hostId: host?.id ?? '', name: 'renamed by the user' });
      expect(await first.stop()).toBe(0);

      const second = await startCompanionProcess({ dataDir, args });
      const again = await second.client().call('hosts.list');
      expect(again.map((entry) => [entry.id, entry.name])).toEqual([[host?.id, 'renamed by the user']]);
      expect(await second.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a relative socket path at start, with the usage', async () => {
    await expect(startCompanionProcess({ args: ['--local-engine', 'docker.sock'] })).rejects.toThrow(
      /--local-engine expects the absolute path/,
    );
  });
});
