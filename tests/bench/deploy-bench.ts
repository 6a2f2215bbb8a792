// Deploy benchmark (printed, not asserted; not part of `npm test`). Run: npx tsx tests/bench/deploy-bench.ts
// (reuses a healthy running lab, else starts one and stops it after: support/bench-lab.ts)
// A container on dock1 publishes port 18200 on the host's lab address; a request loop from this machine
// (plain GETs, a fresh connection each, one at a time) counts failed requests and the longest gap between
// two answered ones while the container moves from 1.0.0 to 1.1.0, done two ways on the same image:
//   (a) Tidewatch's in-place update through the deploy engine (health gate and a 30 s watch period included
//       in "click to done"; the image is already pulled, as in (b));
//   (b) what Watchtower does: `docker pull`, `docker stop`, `docker rm`, `docker run` with the same options.
// Neither is zero-downtime: a published host port cannot be held by two containers. The figures show what
// the health gate costs (nothing while serving) and what blue-green through a proxy must remove.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCli, type LabInfo } from '../lab/lab';
import { addTrustedLabHost, clientOf, createQuietCore } from '../support/quiet-core';
import { onBenchLab } from './support/bench-lab';

const PORT = 18200;
const NAME = 'bench-deploy';

interface Row {
  way: string;
  requests: number;
  failed: number;
  longestGapMs: number;
  doneMs: number;
}

/** GETs in a loop until stopped; records failures and the longest time without an answer. */
function requestLoop(url: string) {
  let running = true;
  let requests = 0;
  let failed = 0;
  let lastOk = performance.now();
  let longestGap = 0;
  const loop = (async () => {
    while (running) {
      requests += 1;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (!response.ok) throw new Error(String(response.status));
        const now = performance.now();
        longestGap = Math.max(longestGap, now - lastOk);
        lastOk = now;
      } catch {
        failed += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { requests, failed, longestGapMs: longestGap };
    },
  };
}

async function measure(way: string, url: string, work: () => Promise<void>): Promise<Row> {
  // Warm: the loop must see the old version answer before the change starts.
  const loop = requestLoop(url);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const started = performance.now();
  await work();
  const doneMs = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return { way, doneMs, ...(await loop.stop()) };
}

async function main(lab: LabInfo): Promise<void> {
  const image = (tag: string) => `${lab.images.web.repo}:${tag}`;
  const url = `http://${lab.hosts.dock1.ip}:${PORT}/`;
  const run = (tag: string) =>
    dockerCli('dock1', [
      'run',
      '-d',
      '--name',
      NAME,
      '-p',
      `${PORT}:8080`,
      '--env',
      'MODE=bench',
      image(tag),
    ]);
  const rows: Row[] = [];
  await dockerCli('dock1', ['rm', '-f', NAME]).catch(() => '');
  for (const tag of ['1.0.0', '1.1.0']) await dockerCli('dock1', ['pull', '-q', image(tag)]);

  // (a) Tidewatch in-place, default timing (120 s health timeout, 30 s watch period).
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-deploy-'));
  const core = createQuietCore(dataDir, { version: 'bench' });
  try {
    const client = clientOf(core);
    const hostId = await addTrustedLabHost(client, lab, 'dock1');
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });
    await run('1.0.0');
    rows.push(
      await measure('Tidewatch in-place (health gate + 30 s watch)', url, async () => {
        const { finished } = await core.deploys.start({ hostId, containerName: NAME, tag: '1.1.0' });
        const result = await finished;
        if (result.state !== 'done') throw new Error(`deploy ${result.state}: ${result.reason}`);
      }),
    );
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
    await dockerCli('dock1', ['rm', '-f', NAME]).catch(() => '');
  }

  // (b) Watchtower's way: pull, stop, remove, run again.
  await run('1.0.0');
  rows.push(
    await measure('docker pull + stop + rm + run (Watchtower)', url, async () => {
      await dockerCli('dock1', ['pull', '-q', image('1.1.0')]);
      await dockerCli('dock1', ['stop', NAME]);
      await dockerCli('dock1', ['rm', NAME]);
      await run('1.1.0');
    }),
  );
  await dockerCli('dock1', ['rm', '-f', NAME]).catch(() => '');

  console.log(`deploy bench: ${url}, one request at a time, a fresh connection each\n`);
  const header = ['way', 'requests', 'failed', 'longest gap ms', 'click to done ms'];
  const lines = rows.map((row) => [
    row.way,
    String(row.requests),
    String(row.failed),
    row.longestGapMs.toFixed(0),
    row.doneMs.toFixed(0),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  for (const line of [header, ...lines])
    console.log(line.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  const [ours, theirs] = rows;
  if (ours && theirs) {
    console.log(
      `\nratio (Tidewatch / Watchtower): longest gap ${(ours.longestGapMs / Math.max(1, theirs.longestGapMs)).toFixed(2)}, ` +
        `failed requests ${ours.failed} vs ${theirs.failed}`,
    );
  }
}

onBenchLab(main).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
