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
    expect((await t.client.call('hosts.connect', { hostId: host.id })).state).toBe('connected');

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

  it('a following log stream survives a dropped connection: new lines arrive on the same stream after the reconnect', async () => {
    const host = await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1');
    expect((await t.client.call('hosts.connect', { hostId: host.id })).state).toBe('connected');
    const name = uniqueName('ticker');
    containers.push(name);
    const id = (
      await dockerCli('dock1', [
        'run',
        '-d',
        '--name',
        name,
        '--entrypoint',
        'sh',
        `${lab.images.web.repo}:1.0.0`,
        '-c',
        'i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.3; done',
      ])
    ).trim();
    const { streamId } = await t.client.call('containers.logs.start', {
      hostId: host.id,
      containerId: id,
      follow: true,
      tail: 0,
    });
    const ticks = () =>
      t.events
        .filter(
          (e) => e.name === 'containers.logs' && (e.payload as { streamId: string }).streamId === streamId,
        )
        .flatMap((e) => (e.payload as { lines: string[] }).lines);
    await expect.poll(() => ticks().length, { timeout: 30_000 }).toBeGreaterThan(2);

    const mark = t.events.length;
    expect(await killSshConnections('dock1')).toBeGreaterThan(0);
    await expect
      .poll(
        () =>
          t.events
            .slice(mark)
            .some(
              (e) =>
                e.name === 'hosts.state' &&
                (e.payload as { hostId: string; state: string }).hostId === host.id &&
                (e.payload as { state: string }).state === 'connected',
            ),
        { timeout: 60_000 },
      )
      .toBe(true);
    const countAtReconnect = ticks().length;
    const lastBefore = Number(ticks().at(-1)?.slice(5));
    // More lines on the same stream, continuing (not restarting) the count, and no end event for it.
    await expect.poll(() => ticks().length, { timeout: 30_000 }).toBeGreaterThan(countAtReconnect + 2);
    const numbers = ticks().map((line) => Number(line.slice(5)));
    expect(Math.max(...numbers)).toBeGreaterThan(lastBefore);
    expect(
      t.events.some(
        (e) => e.name === 'containers.logs.end' && (e.payload as { streamId: string }).streamId === streamId,
      ),
    ).toBe(false);
    // Nothing lost across the gap: every number from the first seen to the last is there.
    const distinct = [...new Set(numbers)].sort((a, b) => a - b);
    expect(distinct.at(-1)! - distinct[0]! + 1).toBe(distinct.length);
    await t.client.call('containers.logs.stop', { streamId });
    await t.client.call('hosts.disconnect', { hostId: host.id });
  });
});
