// Update-check benchmark (printed, not asserted). Needs a running lab: `npx tsx tests/lab/cli.ts up`.
//   npx tsx tests/bench/updates-bench.ts
// 200 container records over 2 hosts (a fixed ContainerSource: records, not engine containers) use 50
// distinct images that really exist in a registry: 25 repositories on a semver tag (1.0.0) and 25 on a
// moving tag (stable). Run once against the anonymous lab registry and once against a bearer-token
// registry started here. Requests are counted with a fetch wrapper.
import type { WatchedContainer } from '../../electron/core/updates/container-source';
import { readLabInfo } from '../lab/lab';
import { startBearerRegistry } from '../integration/helpers/bearer-registry';
import { copyImage, getManifest, type RegistryEndpoint } from '../integration/helpers/registry-api';
import { makeUpdatesCore } from '../integration/helpers/updates-core';

const IMAGES = 50;
const CONTAINERS = 200;
const UPDATED = 10;

interface Image {
  repository: string;
  tag: string;
}

async function seed(endpoint: RegistryEndpoint, source: RegistryEndpoint, prefix: string): Promise<Image[]> {
  const images: Image[] = [];
  for (let i = 0; i < IMAGES; i += 1) {
    const repository = `${prefix}/r${String(i).padStart(2, '0')}`;
    const tag = i % 2 === 0 ? '1.0.0' : 'stable';
    await copyImage(source, 'lab/web', '1.0.0', endpoint, repository, tag);
    images.push({ repository, tag });
  }
  return images;
}

function containers(host: string, images: Image[], digest: string): Map<string, WatchedContainer[]> {
  const byHost = new Map<string, WatchedContainer[]>([
    ['dock1', []],
    ['dock2', []],
  ]);
  for (let i = 0; i < CONTAINERS; i += 1) {
    const image = images[i % images.length]!;
    const hostId = i % 2 === 0 ? 'dock1' : 'dock2';
    byHost.get(hostId)!.push({
      id: `c${i}`,
      name: `bench-${i}`,
      image: `${host}/${image.repository}:${image.tag}`,
      imageId: `sha256:${'3'.repeat(64)}`,
      repoDigests: [`${host}/${image.repository}@${digest}`],
      labels: {},
      platform: { os: 'linux', architecture: 'amd64' },
    });
  }
  return byHost;
}

async function measure(
  label: string,
  host: string,
  endpoint: RegistryEndpoint,
  images: Image[],
  credentials: { username: string; password: string } | null,
  baseDigest: string,
  source: RegistryEndpoint,
): Promise<void> {
  const records = containers(host, images, baseDigest);
  const t = makeUpdatesCore({
    hosts: () => [
      { id: 'dock1', name: 'dock1' },
      { id: 'dock2', name: 'dock2' },
    ],
    listContainers: async (hostId) => records.get(hostId) ?? [],
  });
  try {
    await t.client.call('registries.create', { host, insecure: true, ...(credentials ?? {}) });
    const cycle = async (name: string) => {
      t.counter.reset();
      const started = performance.now();
      const result = await t.core.updates.poller.run();
      const ms = performance.now() - started;
      const requests = t.counter.requests;
      const count = (predicate: (r: { method: string; url: string }) => boolean) =>
        requests.filter(predicate).length;
      const semver = images.filter((image) => image.tag === '1.0.0').map((image) => image.repository);
      const onSemver = count((r) => semver.some((repo) => r.url.includes(`/v2/${repo}/`)));
      const onMoving = count(
        (r) => r.url.includes('/v2/') && !semver.some((repo) => r.url.includes(`/v2/${repo}/`)),
      );
      const tokens = count((r) => r.url.includes('/token'));
      console.log(
        `${label} ${name}: ${ms.toFixed(0)} ms, ${requests.length} requests ` +
          `(${tokens} token, ${count((r) => r.method === 'HEAD')} HEAD, ${count((r) => r.url.includes('/tags/list'))} tags/list, ` +
          `${count((r) => r.method === 'GET' && r.url.includes('/manifests/'))} GET manifest); ` +
          `per semver image ${(onSemver / (IMAGES / 2)).toFixed(2)}, per moving-tag image ${(onMoving / (IMAGES / 2)).toFixed(2)}, ` +
          `per image ${((requests.length - tokens) / IMAGES).toFixed(2)} (+${(tokens / IMAGES).toFixed(2)} token); ` +
          `checked ${result.checked}, failed ${result.failed}, new updates ${result.newUpdates}`,
      );
    };
    await cycle('cycle 1 (cold)');
    await cycle('cycle 2 (unchanged, warm)');
    // 10 images change: 5 semver repositories get a newer tag, 5 moving tags point to new content.
    for (const image of images.slice(0, UPDATED)) {
      const tag = image.tag === '1.0.0' ? '1.1.0' : 'stable';
      await copyImage(source, 'lab/web', '1.1.0', endpoint, image.repository, tag);
    }
    await cycle(`cycle 3 (${UPDATED} images updated)`);
    await cycle('cycle 4 (unchanged again)');
  } finally {
    await t.dispose();
  }
}

async function main(): Promise<void> {
  const lab = await readLabInfo();
  if (!lab) throw new Error('The lab is not running: npx tsx tests/lab/cli.ts up');
  const plainEndpoint = { base: `http://${lab.registries.plain}` };
  const base = await getManifest(plainEndpoint, 'lab/web', '1.0.0');
  const prefix = `bench${Date.now().toString(36)}`;
  console.log(
    `updates bench: ${CONTAINERS} container records on 2 hosts, ${IMAGES} distinct images (25 x 1.0.0, 25 x stable)`,
  );

  const plainImages = await seed(plainEndpoint, plainEndpoint, prefix);
  await measure(
    'anonymous registry',
    lab.registries.plain,
    plainEndpoint,
    plainImages,
    null,
    base.digest,
    plainEndpoint,
  );

  const bearer = await startBearerRegistry();
  try {
    const bearerEndpoint = { base: `http://${bearer.host}`, auth: bearer.authHeader };
    const bearerImages = await seed(bearerEndpoint, plainEndpoint, prefix);
    await measure(
      'bearer registry',
      bearer.host,
      bearerEndpoint,
      bearerImages,
      { username: bearer.username, password: bearer.password },
      base.digest,
      plainEndpoint,
    );
  } finally {
    await bearer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
