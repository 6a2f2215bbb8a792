/**
 * A host the user disconnected stays disconnected: a container list or an update check does not dial it,
 * they say why instead; only hosts.connect brings it back. A check that reaches no host is not "completed".
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createTrustedHost,
  labHost,
  startTestCore,
  waitForEvent,
  waitForState,
  type TestCore,
} from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;

beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => {
  await t?.close();
});

describe('a host the user disconnected', () => {
  it('is not reconnected by container calls or update checks, and is back after hosts.connect', async () => {
    const host = await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1');
    expect((await t.client.call('hosts.connect', { hostId: host.id })).state).toBe('connected');
    await t.client.call('hosts.disconnect', { hostId: host.id });
    const mark = t.events.length;

    await expect(t.client.call('containers.list', { hostId: host.id })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/is disconnected: connect it first/),
    });
    const { runId } = await t.client.call('updates.checkNow', { hostId: host.id });
    const finished = await waitForEvent(t, 'updates.checkFinished', (event) => event.runId === runId);
    expect(finished.outcome).toBe('partial');
    expect(finished.hosts).toEqual([
      { hostId: host.id, result: 'skipped', reason: expect.stringMatching(/is disconnected/) },
    ]);
    // Neither call started a connection attempt.
    const states = t.events
      .slice(mark)
      .filter((event) => event.name === 'hosts.state')
      .map((event) => (event.payload as { hostId: string; state: string }).state);
    expect(states).toEqual([]);
    expect((await t.client.call('hosts.getStatus', { hostId: host.id })).state).toBe('disconnected');

    expect((await t.client.call('hosts.connect', { hostId: host.id })).state).toBe('connected');
    expect(Array.isArray(await t.client.call('containers.list', { hostId: host.id }))).toBe(true);
    await t.client.call('hosts.disconnect', { hostId: host.id });
  });

  it('a new host whose key nobody confirmed is skipped by checks, never dialled', async () => {
    const host = await t.client.call('hosts.create', labHost(lab, 'dock2'));
    const mark = t.events.length;
    const { runId } = await t.client.call('updates.checkNow', { hostId: host.id });
    const finished = await waitForEvent(t, 'updates.checkFinished', (event) => event.runId === runId);
    expect(finished.hosts).toEqual([
      { hostId: host.id, result: 'skipped', reason: expect.stringMatching(/no confirmed host key/) },
    ]);
    expect(t.events.slice(mark).filter((event) => event.name === 'hosts.state')).toEqual([]);
  });

  it('a check whose only host cannot be reached reports failed with the reason, per host', async () => {
    // An address in the lab subnet where nothing answers, with a key pinned as if it had answered before.
    const host = await t.client.call('hosts.create', labHost(lab, 'dock2', { address: '10.231.0.99' }));
    t.core.hosts.pinHostKey(host.id, {
      algorithm: 'ssh-ed25519',
      fingerprint: `SHA256:${'A'.repeat(43)}`,
      keyBase64: 'AAAAC3NzaC1lZDI1NTE5AAAAIA==',
    });
    const { runId } = await t.client.call('updates.checkNow', { hostId: host.id });
    const finished = await waitForEvent(t, 'updates.checkFinished', (event) => event.runId === runId);
    expect(finished.outcome).toBe('failed');
    expect(finished.hosts).toEqual([
      { hostId: host.id, result: 'failed', reason: expect.stringMatching(/could not be reached/) },
    ]);
    // The failure stays visible after the event: the status keeps the last run for the Updates page.
    expect((await t.client.call('updates.status')).lastRun).toEqual(finished);
    await t.client.call('hosts.disconnect', { hostId: host.id });
    await waitForState(t, host.id, 'disconnected');
  });
});
