// Swarm benchmark (printed, not asserted; not part of `npm test`). Run: npx tsx tests/bench/swarm-bench.ts
// (reuses a healthy running lab, else starts one and stops it after: support/bench-lab.ts)
// One Caddy 2.6 on dock1 (published port) fronts two workloads of the same image, through the core as the
// UI drives them:
//   (a) a container stage on dock1, switched blue-green to the next version (the single-host way);
//   (b) a Swarm stage (dock1 manager + dock2 worker, two replicas, dnsrr on the overlay), updated start-first;
//   (c) the Swarm stage given a version whose health check fails: Swarm rolls it back by itself.
// Four clients on keep-alive connections ask each stage's hostname, at least 5,000 requests per case.
// "Time to done" is the deploy from the call to its final record (Swarm's monitor period is 15 s).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerCli, type LabInfo } from '../lab/lab';
import { removeCaddy, startCaddy } from '../integration/helpers/caddy';
import { copyImage } from '../integration/helpers/registry-api';
import { createWebService, formSwarm, leaveSwarm, SWARM_NETWORK, waitForRunning } from '../support/lab-swarm';
import { addTrustedLabHost, clientOf, createQuietCore } from '../support/quiet-core';
import { onBenchLab } from './support/bench-lab';
import { measure, MIN_REQUESTS, printRows, WORKERS, type Row } from './support/proxy-load';

const NETWORK = 'twbench-swarm-bridge';
const CADDY = 'twbench-swarm-caddy';
const SERVICE = 'twbench-svc';
const PORT = 18_493;

async function main(lab: LabInfo): Promise<void> {
  const registry = { base: `http://${lab.registries.plain}` };
  const repo = `bench/swarm-${Date.now().toString(36)}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
  await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '1.1.0');
  await copyImage(registry, 'lab/sick', '1.0.0', registry, repo, '9.0.0');
  const image = `${lab.registries.plain}/${repo}`;
  const address = lab.hosts.dock1.ip;
  await formSwarm(lab);
  await createWebService(SERVICE, `${image}:1.0.0`);
  await waitForRunning(SERVICE, 2);
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-bench-swarm-'));
  const core = createQuietCore(dataDir, {
    version: 'bench',
    deploys: { timing: { watchMs: 5_000, pollMs: 500 } },
  });
  const caddy = await startCaddy({
    engine: 'dock1',
    network: NETWORK,
    name: CADDY,
    publish: { hostIp: address, port: PORT },
  });
  const client = clientOf(core);
  const rows: Row[] = [];
  const workloadIds: number[] = [];
  try {
    const hostId = await addTrustedLabHost(client, lab, 'dock1');
    await client.call('registries.create', { host: lab.registries.plain, insecure: true });
    await client.call('proxy.set', { hostId, kind: 'caddy', caddyContainer: CADDY });
    await client.call('settings.update', { workloadDomain: 'bench.test' });
    const create = async (name: string, network: string, swarmService: string | null) => {
      const workload = await client.call('workloads.create', {
        name,
        hostId,
        image,
        port: 8080,
        network,
        stages: [{ name: 'prod', tagPattern: '*', swarmService }],
      });
      workloadIds.push(workload.id);
      return workload.id;
    };
    const deploy = async (id: number, tag: string) => {
      const started = performance.now();
      const { finished } = await core.workloads.deployer.deploy({ id, stage: 'prod', tag, confirmed: true });
      const result = await finished;
      return { result, ms: performance.now() - started };
    };
    const containers = await create('bg', NETWORK, null);
    const swarm = await create('sw', SWARM_NETWORK, SERVICE);
    for (const id of [containers, swarm]) {
      const { result } = await deploy(id, '1.0.0');
      if (result.state !== 'done') throw new Error(`setup deploy ${result.state}: ${result.reason}`);
    }
    const routes = await client.call('proxy.routes', { hostId });
    const target = (workload: string) => {
      const route = routes.find((candidate) => candidate.hostname.includes(`-${workload}.`));
      if (!route) throw new Error(`no route for ${workload}: ${JSON.stringify(routes)}`);
      return { address, port: PORT, hostname: route.hostname };
    };

    rows.push(
      await measure('(a) single-host blue-green', target('bg'), 'lab/web 1.1.0', async () => {
        const { result, ms } = await deploy(containers, '1.1.0');
        return `${result.state}; time to done ${(ms / 1000).toFixed(1)} s`;
      }),
    );
    rows.push(
      await measure('(b) Swarm start-first update', target('sw'), 'lab/web 1.1.0', async () => {
        const { result, ms } = await deploy(swarm, '1.1.0');
        return `${result.state}; time to done ${(ms / 1000).toFixed(1)} s`;
      }),
    );
    rows.push(
      await measure('(c) Swarm sick version, rolled back', target('sw'), null, async () => {
        const { result, ms } = await deploy(swarm, '9.0.0');
        return `${result.state} (${result.reason ?? ''}); time to done ${(ms / 1000).toFixed(1)} s`;
      }),
    );
  } finally {
    for (const id of workloadIds) await client.call('workloads.remove', { id }).catch(() => undefined);
    await removeCaddy(caddy).catch(() => undefined);
    await dockerCli('dock1', ['network', 'rm', NETWORK]).catch(() => '');
    await core.close();
    await leaveSwarm();
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log(
    `swarm bench: ${WORKERS} clients on keep-alive connections through Caddy 2.6 (dock1), ≥ ${MIN_REQUESTS} requests per case; Swarm on dock1 + dock2, 2 replicas, dnsrr on the overlay\n`,
  );
  printRows(rows);
  const [a, b, c] = rows;
  if (a && b && c)
    console.log(
      `\nfailed requests, single-host blue-green / Swarm start-first / Swarm rollback: ${a.failed} / ${b.failed} / ${c.failed}`,
    );
}

onBenchLab(main).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
