// 429 + Retry-After and 5xx from a registry (the lab registry behind a loopback fault proxy): the poller
// backs off per registry, reports "rate limited until …" and never invents an update.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WatchedContainer } from '../../electron/core/updates/container-source';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy';
import { makeUpdatesCore, type UpdatesTestCore } from './helpers/updates-core';

const lab = inject('lab');

describe('registry back-off behind a fault-injecting proxy', () => {
  let proxy: FaultProxy;
  let t: UpdatesTestCore;

  beforeAll(async () => {
    proxy = await startFaultProxy(lab.registries.plain, 120);
    // `latest` is 1.0.0 in the registry; the container's image was pulled when latest was 1.1.0: a real
    // digest update, which must only be reported once the registry answers.
    const container: WatchedContainer = {
      id: 'c1',
      name: 'behind-proxy',
      image: `${proxy.host}/lab/web:latest`,
      imageId: `sha256:${'1'.repeat(64)}`,
      repoDigests: [`${proxy.host}/lab/web@${lab.images.web.tags['1.1.0']}`],
      labels: {},
      platform: { os: 'linux', architecture: 'amd64' },
    };
    t = makeUpdatesCore({ hosts: () => [{ id: 'h', name: 'h' }], listContainers: async () => [container] });
    await t.client.call('registries.create', { host: proxy.host, insecure: true });
  });
  afterAll(async () => {
    await t?.dispose();
    await proxy?.close();
  });

  const imageStatus = async () =>
    (await t.client.call('updates.status')).images.find((i) => i.repository === 'lab/web');

  it('429: reports "rate limited until …", no update, and sends nothing more until Retry-After passes', async () => {
    proxy.mode = 'rate-limit';
    const result = await t.core.updates.poller.run();
    expect(result.failed).toBe(1);
    expect(await t.client.call('updates.list')).toEqual([]);
    const until = new Date(t.clock.now().getTime() + 120_000).toISOString();
    expect(await imageStatus()).toMatchObject({
      status: 'rate-limited',
      reason: `${proxy.host} is rate limited until ${until}`,
    });
    expect((await t.client.call('updates.status')).rateLimits).toEqual([
      { registry: proxy.host, remaining: 0, blockedUntil: until },
    ]);
    expect(proxy.requests).toHaveLength(1);

    await t.core.updates.poller.run();
    expect(proxy.requests).toHaveLength(1);
    expect(await t.client.call('updates.list')).toEqual([]);
  });

  it('after the wait, checks again and finds the real update', async () => {
    proxy.mode = 'pass';
    t.clock.advance(119_000);
    await t.core.updates.poller.run();
    expect(proxy.requests).toHaveLength(1);
    t.clock.advance(2_000);
    await t.core.updates.poller.run();
    expect(await imageStatus()).toMatchObject({ status: 'ok', reason: null });
    const [entry] = await t.client.call('updates.list');
    expect(entry).toMatchObject({
      kind: 'digest',
      availableTag: 'latest',
      availableDigest: lab.images.web.tags.latest,
    });
    expect((await t.client.call('updates.status')).rateLimits[0]?.remaining).toBe(97);
  });

  it('5xx: backs off, reports unreachable, keeps the existing inbox entry as it was', async () => {
    proxy.mode = 'server-error';
    const before = proxy.requests.length;
    await t.core.updates.poller.run();
    expect(proxy.requests.length).toBe(before + 1);
    expect(await imageStatus()).toMatchObject({ status: 'unreachable' });
    expect((await imageStatus())?.reason).toContain('answered 503');
    expect(await t.client.call('updates.list')).toHaveLength(1);
    await t.core.updates.poller.run();
    expect(proxy.requests.length).toBe(before + 1);
  });
});
