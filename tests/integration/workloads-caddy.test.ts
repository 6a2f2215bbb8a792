/**
 * Workloads behind a real Caddy 2.6 on dock1 (the host's proxy, reached through SSH like production):
 * a dev stage (auto-deploy `dev-*`, two instances) follows pushes, each instance on its own subdomain,
 * the oldest evicted with its route; a sick push never gets a route and the others keep serving; prod
 * promotes from dev with a confirmation and switches blue-green under a request loop through Caddy.
 * Requests go to Caddy's :80, published on dock1's lab address, with the route's Host header.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Deploy } from '@shared/schemas/deploys';
import type { Workload } from '@shared/schemas/workloads';
import { dockerCli } from '../lab/lab';
import { getThroughProxy, removeCaddy, startCaddy, type LabCaddy } from './helpers/caddy';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const registry = { base: `http://${lab.registries.plain}` };
const DOMAIN = 'wl.test';
const PUBLISHED = { hostIp: lab.hosts.dock1.ip, port: 18482 };
let t: TestCore;
let hostId: string;
let caddy: LabCaddy;
let workload: Workload;
let repo: string;
const network = uniqueName('wlnet');

beforeAll(async () => {
  t = await startTestCore({ deploys: { timing: { watchMs: 2_000, pollMs: 500, healthTimeoutMs: 60_000 } } });
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  await t.client.call('registries.create', { host: lab.registries.plain, insecure: true });
  caddy = await startCaddy({ engine: 'dock1', network, name: uniqueName('caddy'), publish: PUBLISHED });
  await t.client.call('proxy.set', { hostId, kind: 'caddy', caddyContainer: caddy.name });
  await t.client.call('settings.update', { workloadDomain: DOMAIN });
  repo = `wl/${uniqueName('caddy')}`;
  workload = await t.client.call('workloads.create', {
    name: 'shop',
    hostId,
    image: `${lab.registries.plain}/${repo}`,
    port: 8080,
    network,
    stages: [
      { name: 'dev', tagPattern: 'dev-*', autoDeploy: true, maxInstances: 2 },
      { name: 'prod', tagPattern: '*', promoteFrom: 'dev', confirm: true },
    ],
  });
}, 300_000);

afterAll(async () => {
  if (workload) await t.client.call('workloads.remove', { id: workload.id }).catch(() => undefined);
  if (caddy) await removeCaddy(caddy);
  await dockerCli('dock1', ['network', 'rm', network]).catch(() => undefined);
  await t?.close();
});

/** One GET through Caddy for `hostname`: status and body ('' and status 0 when the request failed). */
function viaCaddy(hostname: string): Promise<{ status: number; body: string }> {
  return getThroughProxy(PUBLISHED.hostIp, PUBLISHED.port, hostname);
}

async function push(source: 'lab/web' | 'lab/sick', sourceTag: string, tag: string): Promise<void> {
  await copyImage(registry, source, sourceTag, registry, repo, tag);
}

/** Runs the stage watch and waits for the deploys it started. */
async function checkAndSettle(): Promise<Deploy[]> {
  const before = new Set((await t.client.call('workloads.history', { id: workload.id })).map((d) => d.id));
  await t.client.call('workloads.check', { id: workload.id });
  for (;;) {
    const fresh = (await t.client.call('workloads.history', { id: workload.id })).filter(
      (d) => !before.has(d.id),
    );
    if (fresh.every((deploy) => deploy.state !== 'running')) return fresh;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function instances() {
  return (await t.client.call('workloads.get', { id: workload.id })).instances;
}

async function settle(deploy: Deploy): Promise<Deploy> {
  for (;;) {
    const now = await t.client.call('deploys.get', { id: deploy.id });
    if (now.state !== 'running') return now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('workloads behind Caddy', { timeout: 600_000 }, () => {
  it('dev follows pushes: one route per instance, the oldest evicted with its route', async () => {
    await push('lab/web', '1.0.0', 'dev-1');
    expect((await checkAndSettle()).map((d) => [d.image.split(':').pop(), d.state])).toEqual([
      ['dev-1', 'done'],
    ]);
    expect(await viaCaddy(`dev-shop-dev-1.${DOMAIN}`)).toEqual({
      status: 200,
      body: '<h1>lab/web 1.0.0</h1>\n',
    });

    await push('lab/web', '1.1.0', 'dev-2');
    await checkAndSettle();
    await push('lab/web', '2.0.0', 'dev-3');
    await checkAndSettle();
    expect((await instances()).map((item) => [item.tag, item.state])).toEqual([
      ['dev-3', 'running'],
      ['dev-2', 'running'],
    ]);
    expect((await viaCaddy(`dev-shop-dev-3.${DOMAIN}`)).body).toContain('lab/web 2.0.0');
    expect((await viaCaddy(`dev-shop-dev-2.${DOMAIN}`)).body).toContain('lab/web 1.1.0');
    const routes = (await t.client.call('proxy.routes', { hostId })).map((route) => route.hostname);
    expect(routes).toEqual(expect.arrayContaining([`dev-shop-dev-2.${DOMAIN}`, `dev-shop-dev-3.${DOMAIN}`]));
    expect(routes).not.toContain(`dev-shop-dev-1.${DOMAIN}`);
    const [dev3] = await instances();
    expect(dev3?.url).toBe(`http://dev-shop-dev-3.${DOMAIN}/`);
    expect(dev3?.live).toBe(true);
  });

  it('a sick push gets no route; the running instances keep serving', async () => {
    await push('lab/sick', '1.0.0', 'dev-4');
    const [sick] = await checkAndSettle();
    expect(sick?.state).toBe('rolled-back');
    expect((await instances()).map((item) => item.tag)).toEqual(['dev-3', 'dev-2']);
    const routes = (await t.client.call('proxy.routes', { hostId })).map((route) => route.hostname);
    expect(routes).not.toContain(`dev-shop-dev-4.${DOMAIN}`);
    expect((await viaCaddy(`dev-shop-dev-3.${DOMAIN}`)).status).toBe(200);
  });

  it('prod promotes from dev with a confirmation and switches blue-green under load', async () => {
    const tags = await t.client.call('workloads.tags', { id: workload.id, stage: 'prod' });
    expect(tags.map((item) => item.tag).sort()).toEqual(['dev-2', 'dev-3']);
    await expect(
      t.client.call('workloads.deploy', { id: workload.id, stage: 'prod', tag: 'dev-3' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      t.client.call('workloads.deploy', { id: workload.id, stage: 'prod', tag: 'dev-1', confirmed: true }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    const first = await settle(
      await t.client.call('workloads.deploy', {
        id: workload.id,
        stage: 'prod',
        tag: 'dev-3',
        confirmed: true,
      }),
    );
    expect(first.reason).toBeNull();
    expect((await viaCaddy(`prod-shop.${DOMAIN}`)).body).toContain('lab/web 2.0.0');

    // The switch to another version under a request loop: every request answered, then the new version.
    let running = true;
    const outcomes = { ok: 0, failed: 0 };
    const loop = (async () => {
      while (running) {
        const answer = await viaCaddy(`prod-shop.${DOMAIN}`);
        if (answer.status === 200) outcomes.ok += 1;
        else outcomes.failed += 1;
      }
    })();
    const second = await settle(
      await t.client.call('workloads.deploy', {
        id: workload.id,
        stage: 'prod',
        tag: 'dev-2',
        confirmed: true,
      }),
    );
    running = false;
    await loop;
    console.log(`prod switch under load: ${outcomes.ok} answered, ${outcomes.failed} failed`);
    expect(second.reason).toBeNull();
    expect(second.steps.find((step) => step.step === 'switch')?.detail).toMatch(/the proxy answers from/);
    expect(outcomes.ok).toBeGreaterThan(0);
    expect((await viaCaddy(`prod-shop.${DOMAIN}`)).body).toContain('lab/web 1.1.0');
    const prod = (await instances()).filter((item) => item.stage === 'prod');
    expect(prod.map((item) => [item.tag, item.live])).toEqual([['dev-2', true]]);
  });
});
