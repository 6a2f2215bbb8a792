import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli, killSshConnections, restartSshd } from '../lab/lab';
import {
  createTrustedHost,
  labHost,
  startTestCore,
  uniqueName,
  waitForEvent,
  waitForState,
  type TestCore,
} from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;
const containers: string[] = [];

beforeAll(async () => {
  t = await startTestCore();
});
afterAll(async () => {
  for (const name of containers) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  await t?.close();
});

describe('reconnect', () => {
  it('after an sshd restart and a killed TCP connection it reconnects and the Docker event stream resumes', async () => {
    const host = await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1');
    expect((await t.client.call('hosts.connect', { id: host.id })).state).toBe('connected');

    // The event stream works before the break.
    const before = uniqueName('before');
    containers.push(before);
    const beforeId = (
      await dockerCli('dock1', ['create', '--name', before, `${lab.images.web.repo}:1.0.0`])
    ).trim();
    await waitForEvent(
      t,
      'containers.changed',
      (e) => e.hostId === host.id && e.containerId === beforeId && e.action === 'create',
    );

    const statesBefore = t.events.length;
    await restartSshd('dock1');
    const killed = await killSshConnections('dock1');
    expect(killed).toBeGreaterThan(0);

    // The loss is noticed and reported, then the manager reconnects by itself.
    await waitForEvent(
      t,
      'hosts.state',
      (s) => s.hostId === host.id && s.state === 'connecting' && /lost/.test(s.reason),
    );
    await expect
      .poll(
        () =>
          t.events
            .slice(statesBefore)
            .some(
              (e) =>
                e.name === 'hosts.state' &&
                (e.payload as { hostId: string; state: string }).hostId === host.id &&
                (e.payload as { state: string }).state === 'connected',
            ),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);
    await waitForEvent(t, 'containers.changed', (e) => e.hostId === host.id && e.action === 'resync');

    // A container started after the reconnect reaches us through the resumed event stream.
    const after = uniqueName('after');
    containers.push(after);
    const afterId = (
      await dockerCli('dock1', ['run', '-d', '--name', after, `${lab.images.web.repo}:1.0.0`])
    ).trim();
    await waitForEvent(
      t,
      'containers.changed',
      (e) => e.hostId === host.id && e.containerId === afterId && e.action === 'start',
    );
    await waitForState(t, host.id, 'connected');
  });
});
