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

  it('a wrong socket path with streamlocal refused reports both failures', async () => {
    const input = labHost(lab, 'dock1', {
      user: lab.users.twlabnofwd,
      auth: { kind: 'password', password: lab.passwords.twlabnofwd },
      dockerSocket: '/run/nope/docker.sock',
    });
    const host = await createTrustedHost(t, input, 'dock1');
    const status = await t.client.call('hosts.connect', { hostId: host.id });
    expect(status.state).toBe('docker-unavailable');
    expect(status.reason).toContain('/run/nope/docker.sock');
    expect(status.reason).toMatch(/dial-stdio/);
    await t.client.call('hosts.disconnect', { hostId: host.id });
  });
});
