/**
 * Swarm as a deploy target on a two-node swarm of lab engines (dock1 manager, dock2 worker): the cluster view
 * from a manager and through a worker, a start-first service update that completes, a sick update Swarm
 * rolls back by itself while the old tasks keep answering (a request loop on the overlay counts), a manual
 * roll back, a cancel, a manager connection dropped mid-update, and the refusals.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SwarmCluster } from '@shared/schemas/swarm';
import { dockerCli, killSshConnections, startSshdOn, stopSshdOn } from '../lab/lab';
import {
  createWebService,
  formSwarm,
  leaveSwarm,
  startRequestLoop,
  SWARM_NETWORK,
  waitForRunning,
} from '../support/lab-swarm';
import { getThroughProxy, removeCaddy, startCaddy } from './helpers/caddy';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const registry = { base: `http://${lab.registries.plain}` };
let t: TestCore;
let managerId: string;
let workerId: string;

beforeAll(async () => {
  await formSwarm(lab);
  t = await startTestCore({ swarm: { timing: { pollMs: 500 } } });
  managerId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  workerId = (await createTrustedHost(t, labHost(lab, 'dock2'), 'dock2')).id;
  await t.client.call('registries.create', { host: lab.registries.plain, insecure: true });
}, 180_000);

afterAll(async () => {
  await t?.close();
  await leaveSwarm();
});

/** A repository of this test's own: `1.0.0` is lab/web 1.0.0, `2.0.0` is lab/web 1.1.0 or the sick image. */
async function ownRepository(prefix: string, next: 'healthy' | 'sick'): Promise<string> {
  const repo = `swarm/${uniqueName(prefix)}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
  if (next === 'healthy') await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '2.0.0');
  else await copyImage(registry, 'lab/sick', '1.0.0', registry, repo, '2.0.0');
  return `${lab.registries.plain}/${repo}`;
}

async function webService(prefix: string, next: 'healthy' | 'sick'): Promise<{ name: string; repo: string }> {
  const repo = await ownRepository(prefix, next);
  const name = uniqueName(prefix);
  await createWebService(name, `${repo}:1.0.0`);
  await waitForRunning(name, 2);
  return { name, repo };
}

function managerView(cluster: SwarmCluster): Extract<SwarmCluster, { mode: 'manager' }> {
  if (cluster.mode !== 'manager') throw new Error(`expected a manager's view, got ${cluster.mode}`);
  return cluster;
}

// Swarm schedules, pulls and health-checks tasks in the background: slow by nature, generous deadlines.
describe('swarm', { timeout: 300_000 }, () => {
  it('shows the cluster from the manager, and from the worker through the manager', async () => {
    const { name, repo } = await webService('view', 'healthy');
    const fromManager = managerView(await t.client.call('swarm.cluster', { hostId: managerId }));
    expect(fromManager.via).toBe(managerId);
    expect(fromManager.networks).toEqual([SWARM_NETWORK]);
    expect(fromManager.nodes.map((node) => node.role).sort()).toEqual(['manager', 'worker']);
    expect(fromManager.nodes.find((node) => node.role === 'manager')?.leader).toBe(true);
    expect(fromManager.nodes.every((node) => node.state === 'ready')).toBe(true);
    expect(fromManager.nodes.map((node) => node.address).sort()).toEqual([
      lab.hosts.dock1.ip,
      lab.hosts.dock2.ip,
    ]);

    const service = fromManager.services.find((candidate) => candidate.name === name);
    expect(service).toMatchObject({
      image: `${repo}:1.0.0`,
      mode: 'replicated',
      replicas: 2,
      running: 2,
      endpointMode: 'dnsrr',
      updateOrder: 'start-first',
      failureAction: 'rollback',
    });
    expect(service?.digest).toMatch(/^sha256:/);
    const current = service?.tasks.filter((task) => task.desiredState === 'running') ?? [];
    expect(current.map((task) => task.slot)).toEqual([1, 2]);
    expect(current.every((task) => fromManager.nodes.some((node) => node.id === task.nodeId))).toBe(true);

    // The worker sees only itself; the core answers with its manager's view (a host it knows).
    const fromWorker = managerView(await t.client.call('swarm.cluster', { hostId: workerId }));
    expect(fromWorker.hostId).toBe(workerId);
    expect(fromWorker.via).toBe(managerId);
    expect(fromWorker.clusterId).toBe(fromManager.clusterId);
  });

  it('rolls a new image out start-first by digest and records the deploy', async () => {
    const { name, repo } = await webService('good', 'healthy');
    const loop = await startRequestLoop(uniqueName('client'), name, `${repo}:1.0.0`);
    const progress: string[] = [];
    const off = t.core.events.on('deploys.progress', (event) => {
      if (event.containerName === name && event.detail) progress.push(event.detail);
    });
    const { deploy, finished } = await t.core.swarmDeploys.start({
      hostId: managerId,
      service: name,
      tag: '2.0.0',
    });
    expect(deploy.kind).toBe('swarm');
    const result = await finished;
    off();
    const counts = await loop.stop();

    expect(result.reason).toBeNull();
    expect(result.state).toBe('done');
    expect(result.digest).toBe(lab.images.web.tags['1.1.0']);
    expect(result.previousImage).toContain(`${repo}:1.0.0@sha256:`);
    expect(result.steps.map((step) => step.step)).toEqual(['lock', 'resolve', 'start', 'watch']);
    expect(progress.some((line) => /tasks on the new image/.test(line))).toBe(true);

    const service = managerView(await t.client.call('swarm.cluster', { hostId: managerId })).services.find(
      (candidate) => candidate.name === name,
    );
    expect(service?.image).toBe(`${repo}:2.0.0`);
    expect(service?.digest).toBe(lab.images.web.tags['1.1.0']);
    expect(service?.update?.state).toBe('completed');
    expect(service?.hasPrevious).toBe(true);
    // Both versions answered during the update; start-first kept the service answering.
    console.log(`[swarm] start-first update: ${counts.ok} answers, ${counts.failed} failed`);
    expect(counts.pages.some((page) => page.includes('1.1.0'))).toBe(true);
    expect(counts.ok).toBeGreaterThan(counts.failed);

    // In the history like any deploy; a manual roll back returns to the previous spec.
    const history = await t.client.call('deploys.list', { hostId: managerId, containerName: name });
    expect(history.map((entry) => entry.id)).toContain(result.id);
    const back = await t.client.call('deploys.rollback', { id: result.id });
    expect(back.kind).toBe('swarm');
    const backResult = await waitForDeploy(back.id);
    expect(backResult.state).toBe('done');
    const after = managerView(await t.client.call('swarm.cluster', { hostId: managerId })).services.find(
      (candidate) => candidate.name === name,
    );
    expect(after?.image).toBe(`${repo}:1.0.0`);
  });

  it('records Swarm rolling back a sick image while the old tasks keep answering', async () => {
    const { name, repo } = await webService('sick', 'sick');
    const loop = await startRequestLoop(uniqueName('client'), name, `${repo}:1.0.0`);
    const { finished } = await t.core.swarmDeploys.start({
      hostId: managerId,
      service: name,
      tag: '2.0.0',
      monitorSeconds: 10,
    });
    const result = await finished;
    const counts = await loop.stop();

    expect(result.state).toBe('rolled-back');
    expect(result.reason).toMatch(/Swarm rolled the update back/);
    expect(result.steps.map((step) => step.step)).toEqual(['lock', 'resolve', 'start', 'watch', 'rollback']);
    const service = managerView(await t.client.call('swarm.cluster', { hostId: managerId })).services.find(
      (candidate) => candidate.name === name,
    );
    expect(service?.image).toBe(`${repo}:1.0.0`);
    expect(service?.update?.state).toBe('rollback_completed');
    console.log(`[swarm] sick update rolled back: ${counts.ok} answers, ${counts.failed} failed`);
    // The sick task never became healthy, so it never took traffic: only the old version answered.
    expect(counts.pages).toEqual(['<h1>lab/web 1.0.0</h1>']);
    expect(counts.ok).toBeGreaterThan(0);
  });

  it("gates an update on the deploy's own HTTP health path, inside each new task", async () => {
    const { name, repo } = await webService('health', 'healthy');
    // The new version does not serve this path: its tasks never get healthy and Swarm rolls back.
    const missing = await (
      await t.core.swarmDeploys.start({
        hostId: managerId,
        service: name,
        tag: '2.0.0',
        healthPath: '/missing',
        healthPort: 8080,
        monitorSeconds: 10,
      })
    ).finished;
    expect(missing.state).toBe('rolled-back');
    const served = await (
      await t.core.swarmDeploys.start({
        hostId: managerId,
        service: name,
        tag: '2.0.0',
        healthPath: '/',
        healthPort: 8080,
      })
    ).finished;
    expect(served.state).toBe('done');
    const test = await dockerCli('dock1', [
      'service',
      'inspect',
      name,
      '--format',
      '{{json .Spec.TaskTemplate.ContainerSpec.Healthcheck.Test}}',
    ]);
    expect(JSON.parse(test)).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/']);
    expect(
      managerView(await t.client.call('swarm.cluster', { hostId: managerId })).services.find(
        (service) => service.name === name,
      )?.image,
    ).toBe(`${repo}:2.0.0`);
    await expect(
      t.client.call('swarm.deploy', { hostId: managerId, service: name, healthPath: '/x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('cancels an update by asking Swarm to roll back, and follows it across a dropped connection', async () => {
    const { name, repo } = await webService('cancel', 'sick');
    const { deploy, finished } = await t.core.swarmDeploys.start({
      hostId: managerId,
      service: name,
      tag: '2.0.0',
      monitorSeconds: 60,
    });
    await waitForStep(deploy.id, 'watch');
    // The manager's SSH connection drops mid-update; the core reconnects and keeps following.
    await killSshConnections('dock1');
    expect(await t.client.call('deploys.cancel', { id: deploy.id })).toEqual({ cancelled: true });
    const result = await finished;
    expect(result.state).toBe('rolled-back');
    expect(result.reason).toBe('cancelled by the user');
    const service = managerView(await t.client.call('swarm.cluster', { hostId: managerId })).services.find(
      (candidate) => candidate.name === name,
    );
    expect(service?.image).toBe(`${repo}:1.0.0`);
  });

  it('watches a service under its name, not its tasks, and an update by that name goes through Swarm', async () => {
    const { name } = await webService('watch', 'healthy');
    for (const hostId of [managerId, workerId]) {
      expect((await t.core.updates.poller.run(hostId)).outcome).toBe('completed');
    }
    const ours = (await t.client.call('updates.list')).filter((entry) =>
      entry.containerName.startsWith(name),
    );
    // One entry for the service on its manager; none for the task containers on either node.
    expect(ours.map((entry) => [entry.hostId, entry.containerName])).toEqual([[managerId, name]]);
    expect(ours[0]).toMatchObject({ currentTag: '1.0.0', availableTag: '2.0.0' });
    expect(ours[0]?.currentDigest).toBe(lab.images.web.tags['1.0.0']);

    // The inbox's "Update" is a deploy by name: for a service it is a Swarm update.
    const deploy = await t.client.call('deploys.start', {
      hostId: managerId,
      containerName: name,
      tag: '2.0.0',
    });
    expect(deploy.kind).toBe('swarm');
    expect((await waitForDeploy(deploy.id)).state).toBe('done');
    await t.core.updates.poller.run(managerId);
    expect((await t.client.call('updates.list')).filter((entry) => entry.containerName === name)).toEqual([]);
  });

  it('deploys workload stages as Swarm service updates, with promotion from one service to the next', async () => {
    const dev = await webService('dev', 'healthy');
    const prod = uniqueName('prod');
    await createWebService(prod, `${dev.repo}:1.0.0`);
    await waitForRunning(prod, 2);
    const workload = await t.client.call('workloads.create', {
      name: uniqueName('wl').slice(0, 40).replace(/-$/, ''),
      hostId: managerId,
      image: dev.repo,
      port: 8080,
      stages: [
        { name: 'dev', tagPattern: '*.*.*', swarmService: dev.name },
        { name: 'prod', tagPattern: '*', promoteFrom: 'dev', swarmService: prod },
      ],
    });
    expect(workload.stages.map((stage) => stage.swarmService)).toEqual([dev.name, prod]);

    // prod takes only what dev runs: 1.0.0 now.
    await expect(
      t.client.call('workloads.deploy', { id: workload.id, stage: 'prod', tag: '2.0.0' }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/now: 1\.0\.0/) });

    const toDev = await t.client.call('workloads.deploy', { id: workload.id, stage: 'dev', tag: '2.0.0' });
    expect(toDev).toMatchObject({
      kind: 'swarm',
      workloadId: workload.id,
      stage: 'dev',
      containerName: dev.name,
    });
    expect((await waitForDeploy(toDev.id)).state).toBe('done');
    const toProd = await t.client.call('workloads.deploy', { id: workload.id, stage: 'prod', tag: '2.0.0' });
    expect((await waitForDeploy(toProd.id)).state).toBe('done');

    const services = managerView(await t.client.call('swarm.cluster', { hostId: managerId })).services;
    expect(services.find((service) => service.name === prod)?.image).toBe(`${dev.repo}:2.0.0`);
    const history = await t.client.call('workloads.history', { id: workload.id });
    expect(history.map((entry) => [entry.stage, entry.state])).toEqual([
      ['prod', 'done'],
      ['dev', 'done'],
    ]);
    const stages = (await t.client.call('workloads.get', { id: workload.id })).stages;
    expect(stages.find((stage) => stage.name === 'prod')?.deployedDigest).toBe(lab.images.web.tags['1.1.0']);
    await t.client.call('workloads.remove', { id: workload.id, removeVolumes: false });
  });

  it("routes a Swarm stage through Caddy on the overlay to the service's tasks, across an update", async () => {
    const { name, repo } = await webService('routed', 'healthy');
    const caddy = await startCaddy({
      engine: 'dock1',
      network: uniqueName('caddy-net'),
      name: uniqueName('caddy'),
      publish: { hostIp: lab.hosts.dock1.ip, port: 18_591 },
    });
    try {
      await t.client.call('proxy.set', { hostId: managerId, kind: 'caddy', caddyContainer: caddy.name });
      await t.client.call('settings.update', { workloadDomain: 'swarm.test' });
      const workload = await t.client.call('workloads.create', {
        name: uniqueName('rt').slice(0, 40).replace(/-$/, ''),
        hostId: managerId,
        image: repo,
        port: 8080,
        network: SWARM_NETWORK,
        stages: [{ name: 'live', tagPattern: '*', swarmService: name }],
      });
      const deploy = await t.client.call('workloads.deploy', {
        id: workload.id,
        stage: 'live',
        tag: '2.0.0',
      });
      expect((await waitForDeploy(deploy.id)).state).toBe('done');
      const routes = await t.client.call('proxy.routes', { hostId: managerId });
      const route = routes.find((candidate) => candidate.upstreams.includes(`${name}:8080`));
      expect(route?.managed).toBe(true);
      const page = await getThroughProxy(lab.hosts.dock1.ip, 18_591, route?.hostname ?? '');
      expect(page).toEqual({ status: 200, body: expect.stringContaining('lab/web 1.1.0') });
      await t.client.call('workloads.remove', { id: workload.id, removeVolumes: false });
    } finally {
      await t.client.call('proxy.set', { hostId: managerId, kind: 'none' }).catch(() => undefined);
      await removeCaddy(caddy);
      await dockerCli('dock1', ['network', 'rm', caddy.network]).catch(() => undefined);
    }
  });

  it('creates a service with placement, an overlay network and a secret by reference, and refuses bad references', async () => {
    const repo = await ownRepository('create', 'healthy');
    const secret = uniqueName('secret');
    const secretFile = join(mkdtempSync(join(tmpdir(), 'tw-swarm-')), 'value');
    writeFileSync(secretFile, 'the-secret-value');
    await dockerCli('dock1', ['secret', 'create', secret, secretFile]);
    const name = uniqueName('created');
    const service = await t.client.call('swarm.createService', {
      hostId: managerId,
      name,
      image: `${repo}:1.0.0`,
      replicas: 2,
      constraints: ['node.role==worker'],
      networks: [SWARM_NETWORK],
      secrets: [secret],
    });
    expect(service).toMatchObject({
      name,
      image: `${repo}:1.0.0`,
      replicas: 2,
      endpointMode: 'dnsrr',
      updateOrder: 'start-first',
      failureAction: 'rollback',
    });
    await waitForRunning(name, 2);
    const view = managerView(await t.client.call('swarm.cluster', { hostId: managerId }));
    const worker = view.nodes.find((node) => node.role === 'worker');
    const tasks = view.services.find((candidate) => candidate.name === name)?.tasks ?? [];
    const running = tasks.filter((task) => task.desiredState === 'running');
    expect(running).toHaveLength(2);
    expect(running.every((task) => task.nodeId === worker?.id)).toBe(true);
    const container = (
      await dockerCli('dock2', ['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${name}`])
    )
      .split('\n')[0]
      ?.trim();
    expect(await dockerCli('dock2', ['exec', container ?? '', 'cat', `/run/secrets/${secret}`])).toBe(
      'the-secret-value',
    );

    const base = { hostId: managerId, image: `${repo}:1.0.0` };
    await expect(t.client.call('swarm.createService', { ...base, name })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      t.client.call('swarm.createService', { ...base, name: uniqueName('x'), networks: ['no-such-net'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-net') });
    await expect(
      t.client.call('swarm.createService', { ...base, name: uniqueName('x'), networks: ['bridge'] }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      t.client.call('swarm.createService', { ...base, name: uniqueName('x'), secrets: ['no-such-secret'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no-such-secret') });
    await expect(
      t.client.call('swarm.createService', { ...base, name: uniqueName('x'), constraints: ['rm -rf /'] }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      t.client.call('swarm.createService', { ...base, hostId: workerId, name: uniqueName('x') }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('follows an update through another manager while the first one cannot be reached', async () => {
    const { name } = await webService('failover', 'healthy');
    const dock2Node = (await dockerCli('dock2', ['info', '--format', '{{.Swarm.NodeID}}'])).trim();
    await dockerCli('dock1', ['node', 'promote', dock2Node]);
    try {
      await waitUntil(
        async () =>
          (await dockerCli('dock2', ['info', '--format', '{{.Swarm.ControlAvailable}}'])).trim() === 'true',
      );
      const { deploy, finished } = await t.core.swarmDeploys.start({
        hostId: managerId,
        service: name,
        tag: '2.0.0',
        monitorSeconds: 20,
      });
      await waitForStep(deploy.id, 'watch');
      // dock1's SSH goes away for the rest of the update: no connection to it can be made.
      await stopSshdOn('dock1');
      await killSshConnections('dock1');
      const result = await finished;
      expect(result.state).toBe('done');
      // Asked of dock1 meanwhile, the cluster comes through dock2.
      const view = managerView(await t.client.call('swarm.cluster', { hostId: managerId }));
      expect(view.via).toBe(workerId);
      expect(view.services.find((service) => service.name === name)?.update?.state).toBe('completed');
    } finally {
      await startSshdOn('dock1');
      await dockerCli('dock1', ['node', 'demote', dock2Node]).catch(() => undefined);
    }
  });

  it('refuses a worker, an unknown service, a second deploy and a service with nothing to roll back to', async () => {
    const { name } = await webService('refuse', 'healthy');
    await expect(t.client.call('swarm.deploy', { hostId: workerId, service: name })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/worker/),
    });
    await expect(
      t.client.call('swarm.deploy', { hostId: managerId, service: 'no-such-service' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.client.call('swarm.rollback', { hostId: managerId, service: name })).rejects.toMatchObject(
      {
        code: 'CONFLICT',
      },
    );
    await expect(t.client.call('swarm.cluster', { hostId: 'no-such-host' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      t.client.call('swarm.deploy', { hostId: managerId, service: name, tag: 'not a tag' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });

    const first = await t.client.call('swarm.deploy', { hostId: managerId, service: name, tag: '2.0.0' });
    await expect(
      t.client.call('swarm.deploy', { hostId: managerId, service: name, tag: '2.0.0' }),
    ).rejects.toMatchObject({ code: 'BUSY' });
    expect((await waitForDeploy(first.id)).state).toBe('done');
    // The same digest again changes nothing and says so.
    const again = await waitForDeploy(
      (await t.client.call('swarm.deploy', { hostId: managerId, service: name, tag: '2.0.0' })).id,
    );
    expect(again.state).toBe('done');
    expect(again.reason).toMatch(/already runs/);
  });
});

async function waitForDeploy(id: number) {
  for (;;) {
    const deploy = await t.client.call('deploys.get', { id });
    if (deploy.state !== 'running') return deploy;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 250));
}

async function waitForStep(id: number, step: string): Promise<void> {
  for (;;) {
    const deploy = await t.client.call('deploys.get', { id });
    if (deploy.step === step || deploy.state !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
