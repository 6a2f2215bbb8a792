// A multi-platform tag: the test PUTs an OCI index (amd64 + arm64 entries referencing manifests it copied
// into the repository) and checks that each container is compared for its own platform.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContainerSource, WatchedContainer } from '../../electron/core/updates/container-source';
import { dockerCli } from '../lab/lab';
import { DockerSocketSource } from './helpers/docker-socket-source';
import { copyImage, getManifest, putIndex, type RawManifest } from './helpers/registry-api';
import { makeUpdatesCore, type UpdatesTestCore } from './helpers/updates-core';

const lab = inject('lab');
const suffix = Date.now().toString(36);
const repo = `lab/multi${suffix}`;
const containerName = `multi-${suffix}`;

describe('manifest list / OCI index with two platforms', () => {
  let t: UpdatesTestCore;
  const manifests: Record<string, RawManifest> = {};
  let firstIndex: string;
  let plain: string;
  const armContainer = (): WatchedContainer => ({
    id: 'arm1',
    name: 'arm-web',
    image: `${plain}/${repo}:1.0`,
    imageId: `sha256:${'2'.repeat(64)}`,
    // Recorded by platform manifest digest, as some engines do.
    repoDigests: [`${plain}/${repo}@${manifests['1.1.0']!.digest}`],
    labels: {},
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
  });

  beforeAll(async () => {
    plain = lab.registries.plain;
    const endpoint = { base: `http://${plain}` };
    for (const tag of ['1.0.0', '1.1.0', '2.0.0']) {
      manifests[tag] = await getManifest(endpoint, 'lab/web', tag);
      await copyImage(endpoint, 'lab/web', tag, endpoint, repo, manifests[tag]!.digest);
    }
    firstIndex = await putIndex(endpoint, repo, '1.0', [
      { manifest: manifests['1.0.0']!, os: 'linux', architecture: 'amd64' },
      { manifest: manifests['1.1.0']!, os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    await dockerCli('dock1', ['pull', '-q', `${plain}/${repo}:1.0`]);
    await dockerCli('dock1', ['create', '--name', containerName, `${plain}/${repo}:1.0`]);
    const dock1 = new DockerSocketSource([
      { id: 'dock1', name: 'dock1', socketPath: lab.hosts.dock1.dockerSocket ?? '' },
    ]);
    const source: ContainerSource = {
      hosts: () => [...dock1.hosts(), { id: 'arm', name: 'arm-host' }],
      listContainers: async (hostId) =>
        hostId === 'arm'
          ? [armContainer()]
          : (await dock1.listContainers(hostId)).filter((c) => c.name === containerName),
    };
    t = makeUpdatesCore(source);
    await t.client.call('registries.create', { host: plain, insecure: true });
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
    await dockerCli('dock1', ['rm', '-f', containerName]).catch(() => undefined);
  });

  it('resolves the platform entry of the index', async () => {
    const client = t.core.updates.client;
    const amd = await client.resolveDigest(plain, repo, '1.0', { os: 'linux', architecture: 'amd64' });
    expect(amd).toMatchObject({ digest: manifests['1.0.0']!.digest, indexDigest: firstIndex });
    const arm = await client.resolveDigest(plain, repo, '1.0', { os: 'linux', architecture: 'arm64' });
    expect(arm).toMatchObject({ digest: manifests['1.1.0']!.digest, indexDigest: firstIndex });
    await expect(
      client.resolveDigest(plain, repo, '1.0', { os: 'linux', architecture: 's390x' }),
    ).rejects.toThrow(/no image for linux\/s390x/);
  });

  it('the engine recorded the index digest; nothing is new for either platform', async () => {
    const [pulled] = await t.core.updates.poller.run().then(() => t.client.call('updates.list'));
    expect(pulled).toBeUndefined();
    const status = await t.client.call('updates.status');
    expect(status.images.map((i) => [i.platform, i.status]).sort()).toEqual([
      ['linux/amd64', 'ok'],
      ['linux/arm64/v8', 'ok'],
    ]);
  });

  it('a new amd64 manifest in the index updates only the amd64 container', async () => {
    const secondIndex = await putIndex({ base: `http://${plain}` }, repo, '1.0', [
      { manifest: manifests['2.0.0']!, os: 'linux', architecture: 'amd64' },
      { manifest: manifests['1.1.0']!, os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    t.counter.reset();
    await t.core.updates.poller.run();
    const entries = await t.client.call('updates.list');
    expect(entries.map((e) => [e.containerName, e.kind, e.availableDigest, e.platform])).toEqual([
      [containerName, 'digest', secondIndex, 'linux/amd64'],
    ]);
    // One HEAD for the tag shared by both platforms, one GET of the new index, one tag list (`1.0` is a version).
    expect(t.counter.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`).sort()).toEqual([
      `GET /v2/${repo}/manifests/${secondIndex}`,
      `GET /v2/${repo}/tags/list`,
      `HEAD /v2/${repo}/manifests/1.0`,
    ]);
  });
});
