// A jump host saved as "no Docker engine" (SSH only): connected without a Docker probe, Docker calls refused
// at once with a clear message, left out of the update poller, and still a working ProxyJump for dock3.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractError } from '@shared/rpc/errors';
import { SSH_ONLY_REASON } from '@shared/schemas/hosts';
import { DockerContainerSource } from '../../electron/core/docker/docker-container-source';
import { hostKeyFingerprint } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, waitForState, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;

beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => {
  await t?.close();
});

async function callError(run: () => Promise<unknown>): Promise<ContractError> {
  const error = await run().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

describe('an SSH-only jump host (dockerEnabled: false)', () => {
  it('tests the connection as SSH only, without asking for Docker', async () => {
    const result = await t.client.call('hosts.testConnection', {
      host: labHost(lab, 'jump', { dockerEnabled: false }),
      acceptFingerprint: await hostKeyFingerprint('jump'),
    });
    expect(result).toMatchObject({ state: 'connected', reason: SSH_ONLY_REASON, docker: null });
  });

  it('connects as SSH only, refuses Docker calls clearly, and still carries dock3', async () => {
    const input = labHost(lab, 'jump', { dockerEnabled: false });
    const created = await t.client.call('hosts.create', input);
    expect(created.dockerEnabled).toBe(false);
    const jump = await t.client.call('hosts.trustHostKey', {
      hostId: created.id,
      fingerprint: await hostKeyFingerprint('jump'),
    });
    expect(jump.dockerEnabled).toBe(false);

    const status = await t.client.call('hosts.connect', { hostId: jump.id });
    expect(status).toMatchObject({ state: 'connected', reason: SSH_ONLY_REASON });
    expect(status.nextRetryAt).toBeUndefined();
    expect(status.dockerTransport).toBeUndefined();
    // No Docker probe ran, so the jump host never went through docker-unavailable.
    const jumpStates = t.events
      .filter((e) => e.name === 'hosts.state' && (e.payload as { hostId: string }).hostId === jump.id)
      .map((e) => (e.payload as { state: string }).state);
    expect(jumpStates).not.toContain('docker-unavailable');

    const listError = await callError(() => t.client.call('containers.list', { hostId: jump.id }));
    expect(listError.code).toBe('UNAVAILABLE');
    expect(listError.message).toBe(`${input.name} has no Docker engine (SSH only)`);
    const infoError = await callError(() => t.client.call('docker.info', { hostId: jump.id }));
    expect(infoError.message).toContain('has no Docker engine (SSH only)');

    // The update poller's source leaves the SSH-only host out instead of failing on it.
    const source = new DockerContainerSource(t.core.hosts, t.core.docker);
    expect(source.hosts().map((host) => host.id)).not.toContain(jump.id);

    const dock3 = await createTrustedHost(t, labHost(lab, 'dock3', { jumpHostId: jump.id }), 'dock3');
    expect(dock3.dockerEnabled).toBe(true);
    const dock3Status = await t.client.call('hosts.connect', { hostId: dock3.id });
    expect(dock3Status).toMatchObject({ state: 'connected', fingerprint: await hostKeyFingerprint('dock3') });
    const containers = await t.client.call('containers.list', { hostId: dock3.id });
    expect(Array.isArray(containers)).toBe(true);
    expect(source.hosts().map((host) => host.id)).toContain(dock3.id);

    // The jump host is still connected as SSH only after carrying dock3.
    const after = await waitForState(t, jump.id, 'connected');
    expect(after.reason).toBe(SSH_ONLY_REASON);
    await t.client.call('hosts.disconnect', { hostId: jump.id });
  });

  it('turning Docker back on probes again (and the lab jump host has no engine)', async () => {
    const jump = await createTrustedHost(t, labHost(lab, 'jump', { dockerEnabled: false }), 'jump');
    expect((await t.client.call('hosts.connect', { hostId: jump.id })).state).toBe('connected');
    const updated = await t.client.call('hosts.update', { hostId: jump.id, dockerEnabled: true });
    expect(updated.dockerEnabled).toBe(true);
    await waitForState(t, jump.id, 'docker-unavailable');
    await t.client.call('hosts.disconnect', { hostId: jump.id });
  });
});
