// Update-check benchmark (printed, not asserted; not part of `npm test`).
// Run: npx tsx tests/bench/updates-bench.ts
// (reuses a healthy running lab, else starts one and stops it after: support/bench-lab.ts)
// Section 1, the real pipeline: 200 engine containers (`docker create`, not started) over dock1 and dock2
// using 50 distinct images pulled from the anonymous lab registry (25 on a semver tag 1.0.0, 25 on a
// moving tag `stable`). A real core connects to both hosts over SSH and its DockerContainerSource lists
// them through the tunnel, so listing is part of each cycle's wall time.
// Section 2, registry only: the same 50-image workload from a fixed list of container records against a
// bearer-token registry (the engines cannot pull from it without a login), to count token requests.
// Registry requests are counted with a fetch wrapper. Containers and images are removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { WatchedContainer } from '../../electron/core/updates/container-source';
import { SCHEDULED_TAG_LIST_TTL_MS } from '../../electron/core/updates/updates-module';
import { dockerCli, type LabInfo } from '../lab/lab';
import { addTrustedLabHost, clientOf, createQuietCore } from '../support/quiet-core';
import { startBearerRegistry } from '../integration/helpers/bearer-registry';
import { copyImage, getManifest, type RegistryEndpoint } from '../integration/helpers/registry-api';
import { countingFetch, makeUpdatesCore, type CountingFetch } from '../integration/helpers/updates-core';
import { onBenchLab } from './support/bench-lab';

const IMAGES = 50;
const CONTAINERS = 200;
const UPDATED = 10;
const HOSTS = ['dock1', 'dock2'] as const;
const CONTAINER_PREFIX = 'bench-upd-';

interface Image {
  repository: string;
  tag: string;
}

interface CycleRow {
  section: string;
  cycle: string;
  ms: number;
  requests: number;
  tokens: number;
  heads: number;
  tagLists: number;
  manifestGets: number;
  perSemver: number;
  perMoving: number;
  perImage: number;
  checked: number;
  failed: number;
  newUpdates: number;
}

type PollResult = { checked: number; failed: number; newUpdates: number };

const rows: CycleRow[] = [];

async function seed(endpoint: RegistryEndpoint, source: RegistryEndpoint, prefix: string): Promise<Image[]> {
  const limit = pLimit(4);
  return Promise.all(
    Array.from({ length: IMAGES }, (_, i) =>
      limit(async () => {
        const repository = `${prefix}/r${String(i).padStart(2, '0')}`;
        const tag = i % 2 === 0 ? '1.0.0' : 'stable';
        await copyImage(source, 'lab/web', '1.0.0', endpoint, repository, tag);
        return { repository, tag };
      }),
    ),
  );
}

/** 10 images change: 5 semver repositories get a newer tag, 5 moving tags point to new content. */
async function updateImages(images: Image[], endpoint: RegistryEndpoint, source: RegistryEndpoint) {
  for (const image of images.slice(0, UPDATED)) {
    const tag = image.tag === '1.0.0' ? '1.1.0' : 'stable';
    await copyImage(source, 'lab/web', '1.1.0', endpoint, image.repository, tag);
  }
}

/** Runs one poll and records wall time and the registry requests it made, split by kind of image. */
async function cycle(
  section: string,
  name: string,
  images: Image[],
  counter: CountingFetch,
  poll: () => Promise<PollResult>,
): Promise<void> {
  counter.reset();
  const started = performance.now();
  const result = await poll();
  const ms = performance.now() - started;
  const onRepos = (repos: string[]) =>
    counter.requests.filter((r) => repos.some((repo) => r.url.includes(`/v2/${repo}/`))).length;
  const semver = images.filter((image) => image.tag === '1.0.0').map((image) => image.repository);
  const moving = images.filter((image) => image.tag !== '1.0.0').map((image) => image.repository);
  const tokens = counter.requests.filter((r) => r.url.includes('/token')).length;
  const onSemver = onRepos(semver);
  const onMoving = onRepos(moving);
  rows.push({
    section,
    cycle: name,
    ms,
    requests: counter.requests.length,
    tokens,
    heads: counter.requests.filter((r) => r.method === 'HEAD').length,
    tagLists: counter.requests.filter((r) => r.url.includes('/tags/list')).length,
    manifestGets: counter.requests.filter((r) => r.method === 'GET' && r.url.includes('/manifests/')).length,
    perSemver: onSemver / semver.length,
    perMoving: onMoving / moving.length,
    perImage: (onSemver + onMoving) / IMAGES,
    checked: result.checked,
    failed: result.failed,
    newUpdates: result.newUpdates,
  });
  console.error(`  ${section} ${name}: ${ms.toFixed(0)} ms`);
}

async function fourCycles(
  section: string,
  images: Image[],
  counter: CountingFetch,
  poll: () => Promise<PollResult>,
  update: () => Promise<void>,
): Promise<void> {
  await cycle(section, '1 cold', images, counter, poll);
  await cycle(section, '2 unchanged', images, counter, poll);
  await update();
  await cycle(section, `3 ${UPDATED} updated`, images, counter, poll);
  await cycle(section, '4 unchanged', images, counter, poll);
}

/**
 * Two scheduled cycles after the manual ones: a schedule reuses tag lists younger than a day (a newer
 * tag is rarer than a re-pushed one; "Check now" always lists again), so a warm cycle is one HEAD per image.
 */
async function scheduledCycles(
  section: string,
  images: Image[],
  counter: CountingFetch,
  poller: { run(hostId?: string, options?: { tagListMaxAgeMs?: number }): Promise<PollResult> },
): Promise<void> {
  const scheduled = () => poller.run(undefined, { tagListMaxAgeMs: SCHEDULED_TAG_LIST_TTL_MS });
  await cycle(section, '5 scheduled', images, counter, scheduled);
  await cycle(section, '6 scheduled', images, counter, scheduled);
}

/** Pulls the 50 images on both engines and creates 100 stopped containers on each. */
async function createContainers(lab: LabInfo, images: Image[]): Promise<void> {
  const limit = pLimit(4);
  const refs = images.map((image) => `${lab.registries.plain}/${image.repository}:${image.tag}`);
  await Promise.all(
    HOSTS.flatMap((host) => refs.map((ref) => limit(() => dockerCli(host, ['pull', '-q', ref])))),
  );
  await Promise.all(
    Array.from({ length: CONTAINERS }, (_, i) =>
      limit(() =>
        dockerCli(HOSTS[i % 2]!, ['create', '--name', `${CONTAINER_PREFIX}${i}`, refs[i % IMAGES]!]),
      ),
    ),
  );
}

async function removeContainers(lab: LabInfo, images: Image[]): Promise<void> {
  for (const host of HOSTS) {
    const ids = (await dockerCli(host, ['ps', '-aq', '--filter', `name=^${CONTAINER_PREFIX}`]))
      .split('\n')
      .filter(Boolean);
    if (ids.length > 0) await dockerCli(host, ['rm', '-f', ...ids]);
    const refs = images.map((image) => `${lab.registries.plain}/${image.repository}:${image.tag}`);
    await dockerCli(host, ['rmi', '-f', ...refs]).catch(() => '');
  }
}

/** Section 1: a real core, hosts over SSH, DockerContainerSource (the core's default source). */
async function realPipeline(lab: LabInfo, images: Image[], source: RegistryEndpoint): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-upd-'));
  const counter = countingFetch();
  const core = createQuietCore(dataDir, { version: 'bench', updates: { fetch: counter.fetch } });
  const client = clientOf(core);
  try {
    const hostIds: string[] = [];
    for (const name of HOSTS) hostIds.push(await addTrustedLabHost(client, lab, name, { name }));
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });

    const connectStart = performance.now();
    for (const id of hostIds) {
      const status = await core.connectivity.connect(id);
      if (status.state !== 'connected') throw new Error(`not connected: ${status.reason}`);
    }
    const connectMs = performance.now() - connectStart;
    const listStart = performance.now();
    const listed = await Promise.all(hostIds.map((id) => core.docker.listContainers(id)));
    const listMs = performance.now() - listStart;
    const total = listed.reduce((sum, list) => sum + list.length, 0);
    const ours = listed.flat().filter((c) => c.name.startsWith(CONTAINER_PREFIX)).length;
    console.log(
      `real pipeline: SSH connect to both hosts ${connectMs.toFixed(0)} ms (not in cycles); ` +
        `listing both hosts over the tunnel ${listMs.toFixed(0)} ms: ${total} containers (${ours} bench, ` +
        `${total - ours} other lab containers, also checked)`,
    );
    const update = () => updateImages(images, { base: `http://${lab.registries.plain}` }, source);
    await fourCycles('real/anonymous', images, counter, () => core.updates.poller.run(), update);
    await scheduledCycles('real/anonymous', images, counter, core.updates.poller);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function fixedRecords(host: string, images: Image[], digest: string): Map<string, WatchedContainer[]> {
  const byHost = new Map<string, WatchedContainer[]>(HOSTS.map((h) => [h, []]));
  for (let i = 0; i < CONTAINERS; i += 1) {
    const image = images[i % images.length]!;
    byHost.get(HOSTS[i % 2]!)!.push({
      id: `c${i}`,
      name: `${CONTAINER_PREFIX}${i}`,
      image: `${host}/${image.repository}:${image.tag}`,
      imageId: `sha256:${'3'.repeat(64)}`,
      repoDigests: [`${host}/${image.repository}@${digest}`],
      labels: {},
      platform: { os: 'linux', architecture: 'amd64' },
    });
  }
  return byHost;
}

/** Section 2: registry time only (fixed records), against a bearer-token registry. */
async function bearerRegistryOnly(
  prefix: string,
  baseDigest: string,
  source: RegistryEndpoint,
): Promise<void> {
  const bearer = await startBearerRegistry();
  try {
    const endpoint = { base: `http://${bearer.host}`, auth: bearer.authHeader };
    const images = await seed(endpoint, source, prefix);
    const records = fixedRecords(bearer.host, images, baseDigest);
    const t = makeUpdatesCore({
      hosts: () => HOSTS.map((id) => ({ id, name: id })),
      listContainers: async (hostId) => records.get(hostId) ?? [],
    });
    try {
      await t.client.call('registries.create', {
        host: bearer.host,
        insecure: true,
        username: bearer.username,
        password: bearer.password,
      });
      const update = () => updateImages(images, endpoint, source);
      await fourCycles('fixed/bearer', images, t.counter, () => t.core.updates.poller.run(), update);
      await scheduledCycles('fixed/bearer', images, t.counter, t.core.updates.poller);
    } finally {
      await t.dispose();
    }
  } finally {
    await bearer.stop();
  }
}

function printTable(): void {
  const header = [
    'section',
    'cycle',
    'wall ms',
    'requests',
    'token',
    'HEAD',
    'tags/list',
    'GET manif',
    'per semver img',
    'per moving img',
    'per image',
    'checked',
    'failed',
    'new upd',
  ];
  const lines = rows.map((r) => [
    r.section,
    r.cycle,
    r.ms.toFixed(0),
    String(r.requests),
    String(r.tokens),
    String(r.heads),
    String(r.tagLists),
    String(r.manifestGets),
    r.perSemver.toFixed(2),
    r.perMoving.toFixed(2),
    r.perImage.toFixed(2),
    String(r.checked),
    String(r.failed),
    String(r.newUpdates),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log(
    '(per … image: registry requests on the bench repositories, excluding token requests, divided by the ' +
      'number of such images; checked/failed count distinct images; requests include the lab containers)',
  );
}

async function main(lab: LabInfo): Promise<void> {
  const plain = { base: `http://${lab.registries.plain}` };
  const base = await getManifest(plain, 'lab/web', '1.0.0');
  const prefix = `benchupd${Date.now().toString(36)}`;
  console.log(
    `updates bench: ${CONTAINERS} containers on dock1+dock2, ${IMAGES} distinct images (25 x 1.0.0, 25 x stable)`,
  );
  const images = await seed(plain, plain, prefix);
  const setupStart = performance.now();
  try {
    await createContainers(lab, images);
    console.log(
      `setup: pulled ${IMAGES} images on 2 engines and created ${CONTAINERS} containers (not started) ` +
        `in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`,
    );
    await realPipeline(lab, images, plain);
  } finally {
    await removeContainers(lab, images);
  }
  await bearerRegistryOnly(prefix, base.digest, plain);
  printTable();
}

onBenchLab(main).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
