// The update poller against the lab: real registry (10.231.0.10:5000), real engines (dock1, dock2),
// images pushed by the test. Each run uses its own repository so runs never see each other's tags.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CheckFinished, CheckProgress, UpdateEntry } from '@shared/schemas/updates';
import { buildAndPushImage, dockerCli } from '../lab/lab';
import { DockerSocketSource } from './helpers/docker-socket-source';
import { makeUpdatesCore, type UpdatesTestCore } from './helpers/updates-core';

const lab = inject('lab');
const suffix = Date.now().toString(36);
const repo = `lab/upd${suffix}`;
const names = {
  semver: `upd-semver-${suffix}`,
  semver2: `upd-semver2-${suffix}`,
  exclude: `upd-excl-${suffix}`,
  off: `upd-off-${suffix}`,
  stable: `upd-stable-${suffix}`,
  noDigest: `upd-nodigest-${suffix}`,
};

describe('update poller against the lab registry and engines', () => {
  let t: UpdatesTestCore;
  let plain: string;
  const detected: Array<{ hostId: string; items: UpdateEntry[] }> = [];
  const progress: CheckProgress[] = [];
  const finished: CheckFinished[] = [];

  const ref = (tag: string) => `${plain}/${repo}:${tag}`;
  const push = (tag: string, page?: string, extraTags: string[] = []) =>
    buildAndPushImage({ repo, tag, page, extraTags, registry: plain });
  const create = async (
    host: 'dock1' | 'dock2',
    name: string,
    image: string,
    labels: Record<string, string> = {},
  ) => {
    await dockerCli(host, ['pull', '-q', image]);
    await dockerCli(host, [
      'create',
      '--name',
      name,
      ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      image,
    ]);
  };
  const ours = (entries: UpdateEntry[]) => entries.filter((entry) => entry.containerName.endsWith(suffix));
  const entryOf = async (name: string) =>
    (await t.client.call('updates.list')).find((entry) => entry.containerName === name);
  const check = async () => {
    const result = await t.core.updates.poller.run();
    expect(result.outcome).toBe('completed');
    return result;
  };

  beforeAll(async () => {
    plain = lab.registries.plain;
    await push('1.0.0', undefined, ['stable']);
    await create('dock1', names.semver, ref('1.0.0'));
    await create('dock2', names.semver2, ref('1.0.0'));
    await create('dock1', names.exclude, ref('1.0.0'), { 'diun.exclude_tags': '^2\\.' });
    await create('dock1', names.off, ref('1.0.0'), { 'diun.enable': 'false' });
    await create('dock1', names.stable, ref('stable'));
    await create('dock1', names.noDigest, ref('stable'), { 'wud.watch.digest': 'false' });

    const source = new DockerSocketSource([
      { id: 'dock1', name: 'dock1', socketPath: lab.hosts.dock1.dockerSocket ?? '' },
      { id: 'dock2', name: 'dock2', socketPath: lab.hosts.dock2.dockerSocket ?? '' },
    ]);
    t = makeUpdatesCore(source);
    t.core.events.on('updates.detected', (payload) => detected.push(payload));
    t.core.events.on('updates.checkProgress', (payload) => progress.push(payload));
    t.core.events.on('updates.checkFinished', (payload) => finished.push(payload));
    await t.client.call('registries.create', { host: plain, insecure: true });
  }, 180_000);

  afterAll(async () => {
    await t?.dispose();
    for (const name of [names.semver, names.exclude, names.off, names.stable, names.noDigest]) {
      await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
    }
    await dockerCli('dock2', ['rm', '-f', names.semver2]).catch(() => undefined);
  });

  it('finds nothing while the running tags are the newest, checking each distinct image once', async () => {
    t.counter.reset();
    await check();
    expect(ours(await t.client.call('updates.list'))).toEqual([]);
    const repoRequests = t.counter.requests.filter((r) => r.url.includes(`/v2/${repo}/`));
    // 1.0.0 is used by 3 watched containers on 2 hosts, stable by 2: one HEAD each, one tag list.
    expect(
      repoRequests
        .filter((r) => r.method === 'HEAD')
        .map((r) => r.url.split('/').pop())
        .sort(),
    ).toEqual(['1.0.0', 'stable']);
    expect(repoRequests.filter((r) => r.url.includes('/tags/list'))).toHaveLength(1);
    // Registry operators can tell who is asking.
    expect(new Set(t.counter.requests.map((r) => r.userAgent))).toEqual(new Set(['Tidewatch/0.0.0-test']));
    const status = await t.client.call('updates.status');
    const semverCheck = status.images.find((image) => image.repository === repo && image.tag === '1.0.0');
    expect(semverCheck).toMatchObject({ status: 'ok', containers: 3, platform: 'linux/amd64' });
    const last = progress.at(-1);
    expect(last?.done).toBe(last?.total);
    expect(finished.at(-1)).toMatchObject({ outcome: 'completed', failed: 0 });
  });

  it('finds a newer semver tag with the right kind, honouring exclude and enable labels', async () => {
    await push('1.0.1');
    await check();
    expect(await entryOf(names.semver)).toMatchObject({
      kind: 'patch',
      availableTag: '1.0.1',
      currentTag: '1.0.0',
      status: 'new',
    });
    expect(await entryOf(names.semver2)).toMatchObject({ kind: 'patch', hostId: 'dock2' });
    expect(
      detected.some(
        (batch) =>
          batch.hostId === 'dock2' && batch.items.some((item) => item.containerName === names.semver2),
      ),
    ).toBe(true);

    await push('1.1.0');
    await push('2.0.0');
    await check();
    expect(await entryOf(names.semver)).toMatchObject({ kind: 'major', availableTag: '2.0.0' });
    // The smaller steps stay visible next to the major one: the newest patch and the newest minor.
    expect((await entryOf(names.semver))?.steps).toEqual([
      { kind: 'patch', tag: '1.0.1' },
      { kind: 'minor', tag: '1.1.0' },
      { kind: 'major', tag: '2.0.0' },
    ]);
    expect(await entryOf(names.exclude)).toMatchObject({ kind: 'minor', availableTag: '1.1.0' });
    expect(await entryOf(names.off)).toBeUndefined();
    expect(await entryOf(names.stable)).toBeUndefined();
    const semverEntry = await entryOf(names.semver);
    // A page for people (the registry home here; Hub, GHCR and Quay get their own pages), never an API URL.
    expect(semverEntry?.registryLink).toBe(`http://${plain}/`);
  });

  it('finds a digest update when the same tag is pushed with new content (unless digest watch is off)', async () => {
    const pushed = await push('stable', `<h1>stable rebuilt ${suffix}</h1>`);
    await check();
    expect(await entryOf(names.stable)).toMatchObject({
      kind: 'digest',
      availableTag: 'stable',
      availableDigest: pushed.digest,
      status: 'new',
    });
    expect((await entryOf(names.stable))?.currentDigest).not.toBe(pushed.digest);
    expect(await entryOf(names.noDigest)).toBeUndefined();
  });

  it('keeps an ignored version silent until a different version appears', async () => {
    const entry = await entryOf(names.semver);
    await t.client.call('updates.ignoreVersion', { ids: [entry!.id] });
    detected.length = 0;
    await check();
    expect(await entryOf(names.semver)).toMatchObject({ status: 'ignored', ignoredVersion: '2.0.0' });
    expect(detected.flatMap((batch) => batch.items).some((item) => item.containerName === names.semver)).toBe(
      false,
    );

    await push('2.1.0');
    await check();
    expect(await entryOf(names.semver)).toMatchObject({
      status: 'new',
      availableTag: '2.1.0',
      kind: 'major',
    });
    expect(await entryOf(names.exclude)).toMatchObject({ availableTag: '1.1.0' });
  });

  it('re-opens an acknowledged digest update when the tag moves again', async () => {
    const entry = await entryOf(names.stable);
    await t.client.call('updates.acknowledge', { ids: [entry!.id] });
    await check();
    expect(await entryOf(names.stable)).toMatchObject({ status: 'acknowledged' });
    const again = await push('stable', `<h1>stable rebuilt again ${suffix}</h1>`);
    await check();
    expect(await entryOf(names.stable)).toMatchObject({ status: 'new', availableDigest: again.digest });
  });

  it('lets a snooze expire by the clock', async () => {
    const entry = await entryOf(names.exclude);
    await t.client.call('updates.snooze', { ids: [entry!.id], duration: '1h' });
    await check();
    expect(await entryOf(names.exclude)).toMatchObject({ status: 'snoozed' });
    t.clock.advance(60 * 60_000 + 1_000);
    expect(await entryOf(names.exclude)).toMatchObject({ status: 'new', snoozedUntil: null });
  });

  it('filters the inbox by host, kind and group through the contract', async () => {
    const group = await t.client.call('updates.groups.create', { name: `prod-${suffix}` });
    await t.client.call('updates.groups.assign', { groupId: group.id, images: [ref('1.0.0')] });
    const grouped = await t.client.call('updates.list', { groupId: group.id });
    // A group belongs to the repository, so the container on the `stable` tag is in it too.
    expect(grouped.map((entry) => entry.containerName).sort()).toEqual(
      [names.exclude, names.semver, names.semver2, names.stable].sort(),
    );
    expect(
      ours(await t.client.call('updates.list', { hostId: 'dock2' })).map((e) => e.containerName),
    ).toEqual([names.semver2]);
    expect(ours(await t.client.call('updates.list', { kind: 'digest' })).map((e) => e.containerName)).toEqual(
      [names.stable],
    );
  });

  it('is cancellable and reports the cancellation', async () => {
    const started = await t.client.call('updates.checkNow', {});
    expect(started.alreadyRunning).toBe(false);
    expect(await t.client.call('updates.cancelCheck', { runId: started.runId })).toEqual({ cancelled: true });
    await t.core.updates.poller.idle();
    expect(finished.find((f) => f.runId === started.runId)).toMatchObject({ outcome: 'cancelled' });
  });

  it('records check-now runs on the host schedules', async () => {
    await t.core.updates.scheduler.syncHosts();
    const started = await t.client.call('updates.checkNow', { hostId: 'dock2' });
    await t.core.updates.poller.idle();
    await new Promise((resolve) => setImmediate(resolve));
    const status = await t.client.call('updates.status');
    const dock2 = status.schedules.find((schedule) => schedule.hostId === 'dock2');
    expect(dock2?.lastResult).toMatch(/containers/);
    expect(finished.find((f) => f.runId === started.runId)?.outcome).toBe('completed');
  });

  it('a warm scheduled check costs at most one request per image; a manual one refetches tag lists', async () => {
    const scheduled = { tagListMaxAgeMs: 24 * 60 * 60 * 1000 };
    await t.core.updates.poller.run(undefined, scheduled); // warms the tag lists
    t.counter.reset();
    const warm = await t.core.updates.poller.run(undefined, scheduled);
    const ours = t.counter.requests.filter((r) => r.url.includes(`/v2/${repo}/`));
    // One HEAD per distinct tag in use (1.0.0 and stable), no tag list: one request per image.
    expect(ours.filter((r) => r.url.includes('/tags/list'))).toEqual([]);
    expect(ours.filter((r) => r.method === 'HEAD').length).toBe(2);
    // The run reports what it cost, counted by the client itself (all repositories, all registries).
    expect(warm.requests).toBe(t.counter.requests.length);
    t.counter.reset();
    await t.core.updates.poller.run();
    expect(t.counter.requests.filter((r) => r.url.includes(`/v2/${repo}/tags/list`))).toHaveLength(1);
  });
});
