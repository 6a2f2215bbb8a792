/**
 * A container created with an image Tidewatch has not checked yet is checked within a minute, from Docker's
 * event stream, without "Check now" and without waiting for the 6-hour schedule; only the new image is
 * checked, not everything on the host again.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildAndPushImage, dockerCli } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, waitForEvent, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const repo = `lab/new-image-${randomBytes(4).toString('hex')}`;
const name = `it-new-image-${randomBytes(3).toString('hex')}`;
let t: TestCore;

beforeAll(async () => {
  t = await startTestCore();
  await buildAndPushImage({ repo, tag: '1.0.0', registry: lab.registries.plain });
}, 180_000);
afterAll(async () => {
  await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  await t?.close();
});

describe('a container with a new image', () => {
  it('is checked within a minute of being created, by itself', async () => {
    await t.client.call('registries.create', { host: lab.registries.plain, insecure: true });
    const host = await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1');
    expect((await t.client.call('hosts.connect', { hostId: host.id })).state).toBe('connected');
    // The schedules start with a run that is due at once; let it finish so only the event path is left.
    const mark = t.events.length;
    await t.core.updates.start();
    await waitForEvent(t, 'updates.checkFinished', () => t.events.length > mark);
    const checkedBefore = (await t.client.call('updates.status')).images.length;

    await dockerCli('dock1', ['create', '--name', name, `${lab.registries.plain}/${repo}:1.0.0`]);
    await expect
      .poll(
        async () => (await t.client.call('updates.status')).images.some((image) => image.repository === repo),
        { timeout: 90_000, interval: 500 },
      )
      .toBe(true);
    const status = await t.client.call('updates.status');
    expect(status.images.find((image) => image.repository === repo)).toMatchObject({
      status: 'ok',
      tag: '1.0.0',
    });
    // Only the new image was asked about: the run's single plan.
    expect(status.lastRun).toMatchObject({ checked: 1, outcome: 'completed' });
    expect(status.images.length).toBe(checkedBefore + 1);
  }, 180_000);
});
