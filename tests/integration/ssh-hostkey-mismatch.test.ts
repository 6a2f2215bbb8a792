import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hostKeyFingerprint, regenerateHostKey } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, waitForState, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;

beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => {
  await t?.close();
});

// Uses the jump host (no Docker engine, so other suites are least affected by its new key).
describe('host key pinning', () => {
  it('refuses a changed host key with both fingerprints, and connects again only after re-trust', async () => {
    const oldFingerprint = await hostKeyFingerprint('jump');
    const host = await createTrustedHost(t, labHost(lab, 'jump'), 'jump');
    expect(host.hostKey?.fingerprint).toBe(oldFingerprint);
    // SSH is up (the jump host has no Docker engine, hence docker-unavailable rather than connected).
    expect((await t.client.call('hosts.connect', { hostId: host.id })).state).toBe('docker-unavailable');
    await t.client.call('hosts.disconnect', { hostId: host.id });

    const newFingerprint = await regenerateHostKey('jump');
    expect(newFingerprint).not.toBe(oldFingerprint);

    const refused = await t.client.call('hosts.connect', { hostId: host.id });
    expect(refused).toMatchObject({
      state: 'host-key-mismatch',
      fingerprint: newFingerprint,
      expectedFingerprint: oldFingerprint,
    });
    expect(refused.reason).toContain(oldFingerprint);
    expect(refused.reason).toContain(newFingerprint);
    expect(refused.nextRetryAt).toBeUndefined();
    // The pin is untouched: nothing but trustHostKey changes it.
    expect((await t.client.call('hosts.get', { hostId: host.id })).hostKey?.fingerprint).toBe(oldFingerprint);
    const again = await t.client.call('hosts.connect', { hostId: host.id });
    expect(again.state).toBe('host-key-mismatch');

    const retrusted = await t.client.call('hosts.trustHostKey', {
      hostId: host.id,
      fingerprint: refused.fingerprint ?? '',
    });
    expect(retrusted.hostKey?.fingerprint).toBe(newFingerprint);
    const status = await waitForState(t, host.id, 'docker-unavailable');
    expect(status.fingerprint).toBe(newFingerprint);
    expect(
      t.events.some(
        (e) => e.name === 'hosts.changed' && (e.payload as { change: string }).change === 'host-key-pinned',
      ),
    ).toBe(true);
  });
});
