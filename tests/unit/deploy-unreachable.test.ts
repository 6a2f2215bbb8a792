/**
 * The deploy engine's refusals when the host cannot be used, without a network: a real core whose SSH
 * dialer is scripted. A deploy of an unreachable host, or of a host whose Docker engine does not answer,
 * is refused at once with the host's reason (UNAVAILABLE), and nothing is opened in the journal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { createCore, type Core } from '../../electron/core/app';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { silentLogger } from '../../electron/core/logging/logger';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store';
import { FakeClient, FakeDialer, HOST_KEY } from '../support/ssh-fakes';

/** An SSH server whose host has no Docker: the socket channel is refused, and so is the docker command. */
class NoDockerClient extends FakeClient {
  openssh_forwardOutStreamLocal(_path: string, callback: (error: Error) => void): void {
    callback(new Error('(SSH) Channel open failure: open failed'));
  }

  exec(_command: string, callback: (error: Error) => void): void {
    callback(new Error('(SSH) Channel open failure: docker: command not found'));
  }
}

describe('deploys on a host that cannot be used', () => {
  let dataDir: string;
  let core: Core;
  let client: TidewatchClient;
  let dialer: FakeDialer;
  let hostId: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tidewatch-unit-'));
    dialer = new FakeDialer();
    core = createCore({
      dataDir,
      secrets: new MemorySecretStore(),
      logger: silentLogger,
      mode: 'test',
      version: '0.0.0-test',
      ssh: { dial: dialer.dial, agentSocket: null },
    });
    client = createClient(createMemoryTransport(core.dispatcher, core.events));
    client.ready();
    hostId = (
      await client.call('hosts.create', {
        name: 'prod-1',
        address: '10.0.0.1',
        user: 'ada',
        auth: { kind: 'agent' },
      })
    ).id;
  });

  afterEach(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an unreachable host: UNAVAILABLE with the reason, no deploy opened', async () => {
    dialer.fail('prod-1', {
      state: 'unreachable',
      reason: 'Nothing answers at 10.0.0.1:22',
      retryable: false,
    });
    await expect(
      client.call('deploys.start', { hostId, containerName: 'web', tag: '1.1.0' }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Nothing answers at 10.0.0.1:22'),
    });
    expect(await client.call('deploys.list', { hostId })).toEqual([]);
    expect(dialer.dialsOf('prod-1')).toBe(1);
  });

  it('SSH up but no Docker engine: UNAVAILABLE naming the engine, no deploy opened', async () => {
    dialer.script('prod-1', () => ({
      ok: true,
      client: new NoDockerClient('prod-1').asClient(),
      hostKey: HOST_KEY,
    }));
    await expect(
      client.call('deploys.start', { hostId, containerName: 'web', tag: '1.1.0' }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('Docker is not reachable at /var/run/docker.sock on prod-1'),
    });
    expect(await client.call('deploys.list', { hostId })).toEqual([]);
    const refused = await client.call('deploys.startMany', {
      items: [{ hostId, containerName: 'web' }],
    });
    expect(refused).toMatchObject({ deploys: [], refused: [{ containerName: 'web', code: 'UNAVAILABLE' }] });
  });
});
