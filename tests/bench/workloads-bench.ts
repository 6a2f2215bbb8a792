// Workloads benchmark (printed, not asserted; not part of `npm test`). Needs a running lab:
//   npx tsx tests/lab/cli.ts up      then      npx tsx tests/bench/workloads-bench.ts
// A workload's prod stage (one instance) sits behind a real Caddy 2.6 on dock1. Four clients on keep-alive
// connections (as browsers are) send requests through Caddy's published port with the stage's Host header,
// at least 5,000 per case, while:
//   (a) Tidewatch switches the stage blue-green to the next version (through the core, as the UI does);
//   (b) Tidewatch tries a version whose health check fails, and rolls it back;
//   (c) the same workload is redeployed stop-then-start (what Coolify and Dokploy fall back to): the live
//       container stopped, the new one started under the same slot alias; Caddy's config unchanged.
// The engine's watch period is shortened to 5 s (it only delays "done", not the switch).
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCli, readLabInfo } from '../lab/lab';
import { removeCaddy, startCaddy } from '../integration/helpers/caddy';
import { copyImage } from '../integration/helpers/registry-api';
import { addTrustedLabHost, clientOf, createQuietCore } from '../support/quiet-core';

const NETWORK = 'twbench-net';
const CADDY = 'twbench-caddy';
const PORT = 18490;
const HOSTNAME = 'prod-bench.bench.test';
const MIN_REQUESTS = 5_000;
const WORKERS = 4;

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
  body: string;
}

interface Row {
  way: string;
  requests: number;
  failed: number;
  p50Before: number;
  p99Before: number;
  p50During: number;
  p99During: number;
  longestGapMs: number;
  servingMs: number | null;
  note: string;
}

function loop(host: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: WORKERS });
  const samples: Sample[] = [];
  let running = true;
  const once = () =>
    new Promise<Sample>((resolve) => {
      const at = performance.now();
      const req = request({ host, port: PORT, path: '/', agent, headers: { host: HOSTNAME } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ at, ms: performance.now() - at, ok: response.statusCode === 200, body }),
        );
        response.on('error', () => resolve({ at, ms: performance.now() - at, ok: false, body }));
      });
      req.on('error', () => resolve({ at, ms: performance.now() - at, ok: false, body: '' }));
      req.end();
    });
  const workers = Array.from({ length: WORKERS }, async () => {
    while (running) samples.push(await once());
  });
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(workers);
      agent.destroy();
    },
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(
  way: string,
  host: string,
  newBody: string | null,
  work: () => Promise<string>,
): Promise<Row> {
  const run = loop(host);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const started = performance.now();
  const note = await work();
  const done = performance.now();
  while (run.samples.length < MIN_REQUESTS) await new Promise((resolve) => setTimeout(resolve, 200));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await run.stop();
  const samples = run.samples.sort((a, b) => a.at - b.at);
  const before = samples.filter((sample) => sample.at < started && sample.ok).map((sample) => sample.ms);
  const during = samples
    .filter((sample) => sample.at >= started && sample.at <= done && sample.ok)
    .map((sample) => sample.ms);
  let longestGap = 0;
  let lastOk = samples[0]?.at ?? started;
  for (const sample of samples) {
    if (!sample.ok) continue;
    const end = sample.at + sample.ms;
    longestGap = Math.max(longestGap, end - lastOk);
    lastOk = end;
  }
  const firstNew = newBody
    ? samples.find((sample) => sample.at >= started && sample.ok && sample.body.includes(newBody))
    : undefined;
  return {
    way,
    requests: samples.length,
    failed: samples.filter((sample) => !sample.ok).length,
    p50Before: percentile(before, 50),
    p99Before: percentile(before, 99),
    p50During: percentile(during, 50),
    p99During: percentile(during, 99),
    longestGapMs: longestGap,
    servingMs: firstNew ? firstNew.at + firstNew.ms - started : null,
    note,
  };
}

async function main(): Promise<void> {
  const lab = await readLabInfo();
  if (!lab) throw new Error('no running lab: npx tsx tests/lab/cli.ts up');
  const registry = { base: `http://${lab.registries.plain}` };
  const repo = `bench/wl-${Date.now().toString(36)}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
  await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '1.1.0');
  await copyImage(registry, 'lab/web', '2.0.0', registry, repo, '2.0.0');
  await copyImage(registry, 'lab/sick', '1.0.0', registry, repo, '9.0.0');
  const image = `${lab.registries.plain}/${repo}`;
  const host = lab.hosts.dock1.ip;
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-workloads-'));
  const core = createQuietCore(dataDir, {
    version: 'bench',
    deploys: { timing: { watchMs: 5_000, pollMs: 500 } },
  });
  const caddy = await startCaddy({
    engine: 'dock1',
    network: NETWORK,
    name: CADDY,
    publish: { hostIp: host, port: PORT },
  });
  const rows: Row[] = [];
  let workloadId: number | null = null;
  const client = clientOf(core);
  try {
    const hostId = await addTrustedLabHost(client, lab, 'dock1');
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });
    await client.call('proxy.set', { hostId, kind: 'caddy', caddyContainer: CADDY });
    await client.call('settings.update', { workloadDomain: 'bench.test' });
    const workload = await client.call('workloads.create', {
      name: 'bench',
      hostId,
      image,
      port: 8080,
      network: NETWORK,
      stages: [{ name: 'prod', tagPattern: '*' }],
    });
    workloadId = workload.id;
    const deploy = async (tag: string) => {
      const { finished } = await core.workloads.deployer.deploy({
        id: workload.id,
        stage: 'prod',
        tag,
        confirmed: true,
      });
      return finished;
    };
    const first = await deploy('1.0.0');
    if (first.state !== 'done') throw new Error(`setup deploy ${first.state}: ${first.reason}`);

    rows.push(
      await measure('(a) Tidewatch blue-green switch', host, 'lab/web 1.1.0', async () => {
        const result = await deploy('1.1.0');
        return `${result.state}; ${result.steps.find((step) => step.step === 'switch')?.detail ?? ''}`;
      }),
    );
    rows.push(
      await measure('(b) Tidewatch, sick version rolled back', host, null, async () => {
        const result = await deploy('9.0.0');
        return `${result.state}: ${result.reason ?? ''}`;
      }),
    );
    // (c) stop-then-start of the same workload: the live container stops, a new one takes its slot alias.
    const [live] = (await client.call('workloads.get', { id: workload.id })).instances;
    if (!live) throw new Error('no live instance for the stop-then-start case');
    const liveInfo = JSON.parse(await dockerCli('dock1', ['inspect', live.containerId])) as Array<{
      NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }> };
    }>;
    const slot = (liveInfo[0]?.NetworkSettings.Networks[NETWORK]?.Aliases ?? []).find((alias) =>
      /^tw-bench-prod-[ab]$/.test(alias),
    );
    rows.push(
      await measure('(c) stop-then-start (Coolify/Dokploy fallback)', host, 'lab/web 2.0.0', async () => {
        await dockerCli('dock1', ['pull', '-q', `${image}:2.0.0`]);
        await dockerCli('dock1', ['stop', live.containerName]);
        await dockerCli('dock1', ['rm', live.containerName]);
        await dockerCli('dock1', [
          'run',
          '-d',
          '--name',
          'twbench-stopstart',
          '--network',
          NETWORK,
          '--network-alias',
          slot ?? 'tw-bench-prod-a',
          '--label',
          'tidewatch.workload=bench',
          `${image}:2.0.0`,
        ]);
        return 'docker stop + rm + run, same slot alias';
      }),
    );
  } finally {
    if (workloadId !== null) await client.call('workloads.remove', { id: workloadId }).catch(() => undefined);
    await dockerCli('dock1', ['rm', '-f', 'twbench-stopstart']).catch(() => '');
    await removeCaddy(caddy).catch(() => undefined);
    await dockerCli('dock1', ['network', 'rm', NETWORK]).catch(() => '');
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log(
    `workloads bench: ${WORKERS} clients on keep-alive connections through Caddy 2.6 (dock1), ≥ ${MIN_REQUESTS} requests per case; watch period 5 s\n`,
  );
  const header = [
    'way',
    'requests',
    'failed',
    'p50/p99 before ms',
    'p50/p99 during ms',
    'longest gap ms',
    'to new version ms',
  ];
  const lines = rows.map((row) => [
    row.way,
    String(row.requests),
    String(row.failed),
    `${row.p50Before.toFixed(1)} / ${row.p99Before.toFixed(1)}`,
    `${row.p50During.toFixed(1)} / ${row.p99During.toFixed(1)}`,
    row.longestGapMs.toFixed(0),
    row.servingMs === null ? '-' : row.servingMs.toFixed(0),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  for (const line of [header, ...lines])
    console.log(line.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  for (const row of rows) console.log(`${row.way}: ${row.note}`);
  const [a, , c] = rows;
  if (a && c)
    console.log(
      `\nfailed requests, blue-green vs stop-then-start: ${a.failed} vs ${c.failed}; ` +
        `longest gap ratio ${(a.longestGapMs / Math.max(1, c.longestGapMs)).toFixed(2)}`,
    );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
