/**
 * The CI hook against the lab: a tag pushed to the lab registry and announced with
 * `POST /api/webhook/<secret>` deploys through the engine on dock1 when its stage auto-deploys, waits as
 * "ready to deploy" when it does not, and an image no workload uses is only noted.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Deploy } from '@shared/schemas/deploys';
import { dockerCli } from '../lab/lab';
import { listening, send } from '../unit/webhooks/webhook-test-kit';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const registry = { base: `http://${lab.registries.plain}` };
const json = { 'content-type': 'application/json' };
let t: TestCore;
let url: string;
let hookPath: string;
const networks: string[] = [];
const workloads: number[] = [];

beforeAll(async () => {
  t = await startTestCore({
    deploys: { timing: { watchMs: 2_000, pollMs: 500, healthTimeoutMs: 60_000 } },
    webhooks: { listen: '127.0.0.1:0' },
  });
  url = await listening(t.client);
  const ci = (await t.client.call('webhooks.endpoints')).find((endpoint) => endpoint.name === 'ci');
  hookPath = ci?.path ?? '';
  await t.client.call('registries.create', { host: lab.registries.plain, insecure: true });
}, 120_000);

afterAll(async () => {
  for (const id of workloads)
    await t.client.call('workloads.remove', { id, removeVolumes: true }).catch(() => undefined);
  for (const name of networks) await dockerCli('dock1', ['network', 'rm', name]).catch(() => undefined);
  await t?.close();
});

const hook = (image: string, spacing = '') =>
  send(url, { path: hookPath, body: `{"image":${spacing}${JSON.stringify(image)}}`, headers: json });

async function finishedDeploy(workloadId: number): Promise<Deploy> {
  for (;;) {
    const history = await t.client.call('workloads.history', { id: workloadId });
    const last = history.find(
      (deploy) => deploy.state === 'done' || deploy.state === 'failed' || deploy.state === 'rolled-back',
    );
    if (last) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('the CI hook on the lab', { timeout: 300_000 }, () => {
  it('deploys an auto-deploy stage, leaves a manual one ready, and notes an unknown image', async () => {
    const hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
    const repo = `wl/${uniqueName('hook')}`;
    const image = `${lab.registries.plain}/${repo}`;
    const network = uniqueName('net');
    networks.push(network);
    const workload = await t.client.call('workloads.create', {
      name: uniqueName('h').slice(0, 40).replace(/-$/, ''),
      hostId,
      image,
      port: 8080,
      network,
      stages: [
        { name: 'dev', tagPattern: 'dev-*', autoDeploy: true },
        { name: 'prod', tagPattern: '*.*.*' },
      ],
    });
    workloads.push(workload.id);

    // CI pushes dev-1, then calls the hook.
    await copyImage(registry, 'lab/web', '1.1.0', registry, repo, 'dev-1');
    const answer = await hook(`${image}:dev-1`);
    expect(answer.status).toBe(202);
    await t.core.webhooks.worker.idle();
    const [delivery] = await t.client.call('webhooks.deliveries', { source: 'ci', limit: 1 });
    expect(delivery).toMatchObject({ state: 'done', action: `${workload.name} dev: deploying dev-1` });
    const deploy = await finishedDeploy(workload.id);
    expect(deploy).toMatchObject({ state: 'done', stage: 'dev', workloadId: workload.id, reason: null });
    expect(deploy.image).toContain(':dev-1');
    const running = (await t.client.call('workloads.get', { id: workload.id })).instances;
    expect(running.map((instance) => [instance.stage, instance.tag, instance.state])).toEqual([
      ['dev', 'dev-1', 'running'],
    ]);

    // The same tag announced again (another body, same build): nothing to do.
    expect((await hook(`${image}:dev-1`, ' ')).status).toBe(202);
    await t.core.webhooks.worker.idle();
    const [again] = await t.client.call('webhooks.deliveries', { source: 'ci', limit: 1 });
    expect(again?.action).toBe(`${workload.name} dev: already runs dev-1`);

    // A release tag: prod does not auto-deploy, so it waits for a person.
    await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
    expect((await hook(`${image}:1.0.0`)).status).toBe(202);
    await t.core.webhooks.worker.idle();
    const view = await t.client.call('workloads.get', { id: workload.id });
    expect(view.stages.find((stage) => stage.name === 'prod')?.pendingTag).toBe('1.0.0');
    expect((await t.client.call('workloads.history', { id: workload.id })).length).toBe(1);

    // An image no workload uses: noted, nothing deployed (the default policy).
    expect((await hook(`${lab.registries.plain}/wl/nobody-uses-this:1`)).status).toBe(202);
    await t.core.webhooks.worker.idle();
    const [unknown] = await t.client.call('webhooks.deliveries', { source: 'ci', limit: 1 });
    expect(unknown).toMatchObject({ state: 'done', action: 'no workload uses this image; notified' });
  });
});
