// The core restores the connections the user left: a host connected in one run (hosts.connect) connects by
// itself when a new core opens the same data folder; a host disconnected on purpose stays disconnected.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import type { HostStateName } from '@shared/schemas/hosts';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { createCore, type Core } from '../../electron/core/app';
import { setupLogging } from '../../electron/core/logging/setup';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store';
import { hostKeyFingerprint } from '../lab/lab';
import { labHost } from './ssh-helpers';

const lab = inject('lab');
const dataDir = mkdtempSync(join(tmpdir(), 'tw-it-autoconnect-'));
const secrets = new MemorySecretStore();
const open: Array<{ core: Core; close(): void }> = [];

/** A core on the shared data folder; auto-connect is on as in the app (the test mode leaves it off by default). */
function startCore(autoConnect: boolean | undefined): { core: Core; client: TidewatchClient } {
  const logging = setupLogging(dataDir, { level: 'debug' });
  const core = createCore({
    dataDir,
    secrets,
    logger: logging.logger,
    redactor: logging.redactor,
    mode: 'test',
    version: '0.0.0-test',
    updates: { autoStart: false },
    autoConnect,
    ssh: { readyTimeoutMs: 8000, backoff: { initialMs: 200, maxMs: 2000, factor: 2, jitter: 0.2 } },
  });
  const transport = createMemoryTransport(core.dispatcher, core.events);
  const client = createClient(transport);
  client.ready();
  open.push({ core, close: () => transport.close() });
  return { core, client };
}

async function closeAll(): Promise<void> {
  for (const entry of open.splice(0)) {
    entry.close();
    await entry.core.close();
  }
}

async function stateOf(client: TidewatchClient, hostId: string): Promise<HostStateName | undefined> {
  return (await client.call('hosts.status')).find((status) => status.hostId === hostId)?.state;
}

afterAll(async () => {
  await closeAll();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('core auto-connect', () => {
  it('connects the hosts left connected when a new core starts on the same data folder', async () => {
    const a = startCore(true);
    const kept = await a.client.call('hosts.create', labHost(lab, 'dock1'));
    await a.client.call('hosts.trustHostKey', {
      hostId: kept.id,
      fingerprint: await hostKeyFingerprint('dock1'),
    });
    const dropped = await a.client.call('hosts.create', labHost(lab, 'dock2'));
    await a.client.call('hosts.trustHostKey', {
      hostId: dropped.id,
      fingerprint: await hostKeyFingerprint('dock2'),
    });
    expect((await a.client.call('hosts.connect', { hostId: kept.id })).state).toBe('connected');
    expect((await a.client.call('hosts.connect', { hostId: dropped.id })).state).toBe('connected');
    await a.client.call('hosts.disconnect', { hostId: dropped.id });
    await closeAll();

    // Test mode does not auto-connect unless asked: both start disconnected.
    const quiet = startCore(undefined);
    expect(await stateOf(quiet.client, kept.id)).toBe('disconnected');
    await closeAll();

    const b = startCore(true);
    await expect.poll(() => stateOf(b.client, kept.id), { timeout: 30_000, interval: 100 }).toBe('connected');
    expect(await stateOf(b.client, dropped.id)).toBe('disconnected');
    // The restored connection is a working one: Docker answers through it.
    const containers = await b.client.call('containers.list', { hostId: kept.id });
    expect(containers.map((container) => container.name)).toContain('web1');
  });
});
