/**
 * Every call that names a host answers NOT_FOUND for an id that does not exist, and leaves no trace:
 * no state event, no connection entry, no stored schedule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '@shared/contract';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { makeTestCore, type TestCore } from './foundation/test-core';

const GHOST = '00000000-0000-4000-8000-000000000000';
const container = { hostId: GHOST, containerId: 'abc123' };

const CALLS: Array<{ [M in MethodName]: [M, MethodInput<M>] }[MethodName]> = [
  ['hosts.get', { hostId: GHOST }],
  ['hosts.getStatus', { hostId: GHOST }],
  ['hosts.update', { hostId: GHOST, name: 'renamed' }],
  ['hosts.remove', { hostId: GHOST }],
  ['hosts.connect', { hostId: GHOST }],
  ['hosts.disconnect', { hostId: GHOST }],
  ['hosts.testConnection', { hostId: GHOST }],
  ['hosts.trustHostKey', { hostId: GHOST, fingerprint: `SHA256:${'A'.repeat(43)}` }],
  ['docker.info', { hostId: GHOST }],
  ['containers.list', { hostId: GHOST }],
  ['containers.get', container],
  ['containers.start', container],
  ['containers.stop', container],
  ['containers.restart', container],
  ['containers.remove', container],
  ['containers.logs.start', container],
  ['containers.pause', container],
  ['containers.kill', { ...container, signal: 'SIGKILL' }],
  ['containers.rename', { ...container, name: 'renamed' }],
  ['containers.details', container],
  ['containers.stats', container],
  ['docker.usage', { hostId: GHOST }],
  ['compose.action', { hostId: GHOST, project: 'shop', action: 'restart' }],
  ['images.list', { hostId: GHOST }],
  ['images.remove', { hostId: GHOST, imageId: 'nginx:1' }],
  ['images.prunePreview', { hostId: GHOST }],
  ['images.prune', { hostId: GHOST }],
  ['images.pull', { hostId: GHOST, reference: 'nginx:1' }],
  ['volumes.list', { hostId: GHOST }],
  ['volumes.remove', { hostId: GHOST, name: 'data' }],
  ['volumes.prune', { hostId: GHOST }],
  ['networks.list', { hostId: GHOST }],
  ['networks.remove', { hostId: GHOST, networkId: 'backend' }],
  ['networks.prune', { hostId: GHOST }],
  ['updates.checkNow', { hostId: GHOST }],
  ['updates.setSchedule', { hostId: GHOST, intervalMinutes: 60 }],
  ['autoUpdate.set', { hostId: GHOST, containerName: 'web', policy: 'patch' }],
  ['deploys.tags', { hostId: GHOST, containerName: 'web' }],
];

describe('unknown host ids', () => {
  let test: TestCore;
  let client: TidewatchClient;
  const events: string[] = [];

  beforeAll(() => {
    test = makeTestCore();
    const transport = createMemoryTransport(test.core.dispatcher, test.core.events);
    transport.listen((name) => events.push(name));
    client = createClient(transport);
    client.ready();
  });
  afterAll(() => test.dispose());

  it.each(CALLS)('%s answers NOT_FOUND', async (method, input) => {
    await expect(client.call(method, input as never)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('left no trace: no events, no schedule, no status entry', async () => {
    for (const [method, input] of CALLS) await client.call(method, input as never).catch(() => undefined);
    expect(events).toEqual([]);
    const status = await client.call('updates.status');
    expect(JSON.stringify(status)).not.toContain(GHOST);
    expect(await client.call('hosts.status')).toEqual([]);
  });
});
