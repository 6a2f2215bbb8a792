/**
 * Cancelling an image pull on dock1 through the contract. Each image comes from the lab registry through a
 * proxy inside dock1 that holds the download of the image's own layer half-way until the test releases it
 * (helpers/stalling-registry), so a pull is certainly still running when it is cancelled, on a fast
 * machine or a slow one: nothing races the pull.
 *
 * dockerd 20.10 ends the cancelled pull request at once but leaves a layer download that is blocked in a
 * read hanging until bytes arrive, so the test releases the held layer after cancelling: the engine then
 * has everything it needs, and still must not tag the image. The control test shows that the same release
 * without a cancel does end in the tag, so the absence of the tag is the cancel's doing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildAndPushImage, dockerCli } from '../lab/lab';
import { getManifest } from './helpers/registry-api';
import { startStallingRegistry, type StallingRegistry } from './helpers/stalling-registry';
import { createTrustedHost, labHost, startTestCore, waitForEvent, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const suffix = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
let t: TestCore;
let hostId: string;
const proxies: StallingRegistry[] = [];
const references: string[] = [];

/** An image whose top layer dock1 has never seen, served through a proxy that holds that layer. */
async function heldImage(name: string): Promise<{ proxy: StallingRegistry; reference: string }> {
  const repo = `tw-b/${name}-${suffix}`;
  await buildAndPushImage({ repo, tag: '1', page: `<p>${randomBytes(4096).toString('hex')}</p>\n` });
  const manifest = JSON.parse(
    (await getManifest({ base: `http://${lab.registries.plain}` }, repo, '1')).bytes.toString(),
  ) as { layers: Array<{ digest: string }> };
  const ownLayer = manifest.layers.at(-1)?.digest ?? '';
  expect(ownLayer).toMatch(/^sha256:/);
  const proxy = await startStallingRegistry('dock1', lab.registries.plain, ownLayer);
  proxies.push(proxy);
  const reference = `${proxy.host}/${repo}:1`;
  references.push(reference);
  return { proxy, reference };
}

function pullEvents(pullId: string) {
  return t.events
    .filter((e) => e.name === 'images.pullProgress')
    .map((e) => e.payload as { pullId: string; done: boolean; error: string | null })
    .filter((e) => e.pullId === pullId);
}

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
}, 180_000);

afterAll(async () => {
  await t?.close();
  for (const proxy of proxies) await proxy.stop();
  for (const reference of references)
    await dockerCli('dock1', ['rmi', '-f', reference]).catch(() => undefined);
}, 120_000);

describe('image pull cancel', { timeout: 240_000 }, () => {
  it('ends a running pull as cancelled, once, and the engine never tags the image', async () => {
    const { proxy, reference } = await heldImage('pull-cancel');
    const { pullId } = await t.client.call('images.pull', { hostId, reference });
    // The engine is inside the download of our layer, and the core has reported progress of the pull.
    await proxy.stalled;
    const running = await waitForEvent(t, 'images.pullProgress', (e) => e.pullId === pullId && !e.done);
    expect(running).toMatchObject({ hostId, reference, error: null });

    expect(await t.client.call('images.cancelPull', { pullId })).toEqual({ cancelled: true });
    const last = await waitForEvent(t, 'images.pullProgress', (e) => e.pullId === pullId && e.done);
    expect(last).toMatchObject({ hostId, reference, done: true, error: 'Cancelled' });
    expect(pullEvents(pullId).filter((e) => e.done)).toHaveLength(1);
    expect(pullEvents(pullId).at(-1)).toEqual(last);
    expect(await t.client.call('images.cancelPull', { pullId })).toEqual({ cancelled: false });

    // Whatever the engine still does with the layer once it can, the cancelled pull does not tag it.
    await proxy.release();
    await expect(dockerCli('dock1', ['image', 'inspect', reference])).rejects.toThrow(/No such image/i);
    expect(await t.client.call('images.list', { hostId })).not.toContainEqual(
      expect.objectContaining({ repoTags: expect.arrayContaining([reference]) }),
    );
  });

  it('control: the same held pull, released without a cancel, ends done and tagged', async () => {
    const { proxy, reference } = await heldImage('pull-control');
    const { pullId } = await t.client.call('images.pull', { hostId, reference });
    await proxy.stalled;
    expect(await proxy.release()).toBe('delivered');
    const last = await waitForEvent(t, 'images.pullProgress', (e) => e.pullId === pullId && e.done);
    expect(last).toMatchObject({ hostId, reference, done: true, error: null });
    expect(await dockerCli('dock1', ['image', 'inspect', '--format', '{{.Id}}', reference])).toMatch(
      /^sha256:/,
    );
  });
});
