import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;

beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => {
  await t?.close();
});

describe('dial-stdio fallback', () => {
  it('uses docker system dial-stdio over the same SSH connection when streamlocal forwarding is refused', async () => {
    const input = labHost(lab, 'dock1', {
      user: lab.users.twlabnofwd,
      auth: { kind: 'password', password: lab.passwords.twlabnofwd },
    });
    const host = await createTrustedHost(t, input, 'dock1');
    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status).toMatchObject({ state: 'connected', dockerTransport: 'dial-stdio' });
    expect(status.reason).toMatch(/dial-stdio/);

    const info = await t.client.call('docker.info', { hostId: host.id });
    expect(info.transport).toBe('dial-stdio');
    // Parallel calls share the connection (several exec sessions, capped below sshd's MaxSessions).
    const lists = await Promise.all(
      Array.from({ length: 12 }, () => t.client.call('containers.list', { hostId: host.id })),
    );
    for (const list of lists) expect(list.map((c) => c.name)).toContain('web1');
  });

  it('a wrong socket path with streamlocal refused finds the engine on the host and dials it', async () => {
    // dock1's sshd sets DOCKER_HOST for its sessions, as a user's environment would.
    const input = labHost(lab, 'dock1', {
      user: lab.users.twlabnofwd,
      auth: { kind: 'password', password: lab.passwords.twlabnofwd },
      dockerSocket: '/run/nope/docker.sock',
    });
    const host = await createTrustedHost(t, input, 'dock1');
    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status).toMatchObject({ state: 'connected', dockerTransport: 'dial-stdio' });
    expect(status.reason).toContain(`found at ${lab.hosts.dock1.dockerSocket}`);
    expect(status.reason).toContain('/run/nope/docker.sock');
    const list = await t.client.call('containers.list', { hostId: host.id });
    expect(list.map((c) => c.name)).toContain('web1');
    await t.client.call('hosts.disconnect', { hostId: host.id });
  });

  it('a wrong socket path with streamlocal refused and no engine on the host reports both failures', async () => {
    // The jump host runs no engine and its sessions have no DOCKER_HOST: nothing to find.
    const input = labHost(lab, 'jump', {
      user: lab.users.twlabnofwd,
      auth: { kind: 'password', password: lab.passwords.twlabnofwd },
      dockerSocket: '/run/nope/docker.sock',
    });
    const host = await createTrustedHost(t, input, 'jump');
    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status.state).toBe('docker-unavailable');
    expect(status.reason).toContain('/run/nope/docker.sock');
    expect(status.reason).toMatch(/dial-stdio/);
    expect(status.reason).not.toContain('Also tried');
    await t.client.call('hosts.disconnect', { hostId: host.id });
  });
});
