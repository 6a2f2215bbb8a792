// Workloads benchmark (printed, not asserted; not part of `npm test`).
// Run: npx tsx tests/bench/workloads-bench.ts
// (reuses a healthy running lab, else starts one and stops it after: support/bench-lab.ts)
// A workload's prod stage (one instance) sits behind a real Caddy 2.6 on dock1. Four clients on keep-alive
// connections (as browsers are) send requests through Caddy's published port with the stage's Host header,
// at least 5,000 per case, while:
//   (a) Tidewatch switches the stage blue-green to the next version (through the core, as the UI does);
//   (b) Tidewatch tries a version whose health check fails, and rolls it back;
//   (c) the same workload is redeployed stop-then-start (what Coolify and Dokploy fall back to): the live
//       container stopped, the new one started under the same slot alias; Caddy's config unchanged.
// The engine's watch period is shortened to 5 s (it only delays "done", not the switch).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCli, type LabInfo } from '../lab/lab';
import { removeCaddy, startCaddy } from '../integration/helpers/caddy';
import { copyImage } from '../integration/helpers/registry-api';
import { addTrustedLabHost, clientOf, createQuietCore } from '../support/quiet-core';
import { onBenchLab } from './support/bench-lab';
import { measure, MIN_REQUESTS, printRows, WORKERS, type Row } from './support/proxy-load';

const NETWORK = 'twbench-net';
const CADDY = 'twbench-caddy';
const PORT = 18490;
const HOSTNAME = 'prod-bench.bench.test';

async function main(lab: LabInfo): Promise<void> {
  const registry = { base: `http://${lab.registries.plain}` };
  const repo = `bench/wl-${Date.now().toString(36)}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
  await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '1.1.0');
  await copyImage(registry, 'lab/web', '2.0.0', registry, repo, '2.0.0');
  await copyImage(registry, 'lab/sick', '1.0.0', registry, repo, '9.0.0');
  const image = `${lab.registries.plain}/${repo}`;
  const host = lab.hosts.dock1.ip;
  const target = { address: host, port: PORT, hostname: HOSTNAME };
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
      await measure('(a) Tidewatch blue-green switch', target, 'lab/web 1.1.0', async () => {
        const result = await deploy('1.1.0');
        return `${result.state}; ${result.steps.find((step) => step.step === 'switch')?.detail ?? ''}`;
      }),
    );
    rows.push(
      await measure('(b) Tidewatch, sick version rolled back', target, null, async () => {
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
      await measure('(c) stop-then-start (Coolify/Dokploy fallback)', target, 'lab/web 2.0.0', async () => {
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
  printRows(rows);
  for (const row of rows) console.log(`${row.way}: ${row.note}`);
  const [a, , c] = rows;
  if (a && c)
    console.log(
      `\nfailed requests, blue-green vs stop-then-start: ${a.failed} vs ${c.failed}; ` +
        `longest gap ratio ${(a.longestGapMs / Math.max(1, c.longestGapMs)).toFixed(2)}`,
    );
}

onBenchLab(main).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
