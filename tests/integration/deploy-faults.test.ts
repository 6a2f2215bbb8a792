/**
 * The deploy engine when things around it go wrong, against dock1 and the lab registries: a registry that
 * refuses (401) or rate-limits (429) the lookup, a port taken by someone else, a leftover container in the
 * way of the old one's parking name, the old container removed by someone else during the health gate;
 * and the setting that keeps replaced containers for a manual rollback. Each ends with a clear reason and
 * exactly one container under the original name.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Deploy } from '@shared/schemas/deploys';
import { dockerCli } from '../lab/lab';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const plain = lab.registries.plain;
const registry = { base: `http://${plain}` };
let t: TestCore;
let hostId: string;
let docker: Docker;
let proxy: FaultProxy;
const containers: string[] = [];

beforeAll(async () => {
  t = await startTestCore({ deploys: { timing: { watchMs: 2_000, pollMs: 500, healthTimeoutMs: 60_000 } } });
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  proxy = await startFaultProxy(plain, 120);
  await t.client.call('registries.create', { host: plain, insecure: true });
  // No credentials for the basic-auth registry: its lookups answer 401.
  await t.client.call('registries.create', { host: lab.registries.basic, insecure: true });
  await t.client.call('registries.create', { host: proxy.host, insecure: true });
  docker = (await t.core.docker.engine(hostId)).docker;
}, 120_000);

afterAll(async () => {
  const names = (await dockerCli('dock1', ['ps', '-a', '--format', '{{.Names}}']).catch(() => '')).split(
    '\n',
  );
  for (const name of names.filter((entry) => containers.some((own) => entry.startsWith(own)))) {
    await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  }
  await proxy?.close();
  await t?.close();
});

async function ownRepository(prefix: string, next: 'healthy' | 'sick'): Promise<string> {
  const repo = `deploy/${uniqueName(prefix)}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
  await copyImage(
    registry,
    next === 'healthy' ? 'lab/web' : 'lab/sick',
    next === 'healthy' ? '1.1.0' : '1.0.0',
    registry,
    repo,
    '2.0.0',
  );
  return `${plain}/${repo}`;
}

async function run(image: string, args: string[] = [], detach = true): Promise<{ name: string; id: string }> {
  const name = uniqueName('flt');
  containers.push(name);
  const verb = detach ? ['run', '-d'] : ['create'];
  const id = (
    await dockerCli('dock1', [...verb, '--name', name, '--env', 'MODE=prod', ...args, image])
  ).trim();
  return { name, id };
}

async function deploy(name: string, tag = '2.0.0'): Promise<Deploy> {
  const { finished } = await t.core.deploys.start({ hostId, containerName: name, tag });
  return finished;
}

/** Names on dock1 that begin with `name` (the container, its parked or kept predecessors). */
async function namesLike(name: string): Promise<string[]> {
  const all = (await dockerCli('dock1', ['ps', '-a', '--format', '{{.Names}}'])).split('\n');
  return all.filter((entry) => entry.startsWith(name)).sort();
}

/** The lab image under another registry's name on dock1 (no pull from that registry needed). */
async function retagged(registryHost: string): Promise<string> {
  const source = `${plain}/lab/web:1.0.0`;
  await dockerCli('dock1', ['pull', source]);
  const target = `${registryHost}/lab/web:1.0.0`;
  await dockerCli('dock1', ['tag', source, target]);
  return target;
}

// Deploys pull and wait for health checks: slow by nature, so a generous deadline.
describe('deploy faults', { timeout: 300_000 }, () => {
  it('a registry that refuses the lookup (401): failed with the reason, nothing on the host changed', async () => {
    const { name, id } = await run(await retagged(lab.registries.basic));
    const result = await deploy(name, '1.1.0');
    expect(result.state).toBe('failed');
    expect(result.step).toBe('resolve');
    expect(result.reason).toContain(`${lab.registries.basic} refused access: it needs credentials`);
    expect(result.reason).not.toContain(lab.registries.basicPassword);
    expect((await docker.getContainer(name).inspect()).Id).toBe(id);
    expect(await namesLike(name)).toEqual([name]);
  });

  it('a rate-limited registry (429): failed at the lookup, saying until when', async () => {
    proxy.mode = 'rate-limit';
    const { name, id } = await run(await retagged(proxy.host));
    const result = await deploy(name, '1.1.0');
    expect(result.state).toBe('failed');
    expect(result.step).toBe('resolve');
    expect(result.reason).toMatch(/rate limited/i);
    expect(proxy.requests.some((request) => request.answered === 429)).toBe(true);
    const after = await docker.getContainer(name).inspect();
    expect(after.Id).toBe(id);
    expect(after.State.Running).toBe(true);
  });

  it('a host port taken by another container: the start fails, the old container is put back', async () => {
    const repo = await ownRepository('port', 'healthy');
    // The old container is stopped and owns the port binding; another one holds the port meanwhile.
    const port = 18_000 + Math.floor(Math.random() * 900);
    const { name, id } = await run(`${repo}:1.0.0`, ['-p', `127.0.0.1:${port}:8080`], false);
    await run(`${repo}:1.0.0`, ['-p', `127.0.0.1:${port}:8080`]);
    const before = await docker.getContainer(id).inspect();

    const result = await deploy(name);
    expect(result.state).toBe('rolled-back');
    expect(result.steps.map((step) => [step.step, step.state])).toContainEqual(['start', 'failed']);
    expect(result.reason).toMatch(/port is already allocated|address already in use/i);
    const after = await docker.getContainer(name).inspect();
    expect(after.Id).toBe(id);
    expect(after.State.Running).toBe(false);
    expect(after.HostConfig).toEqual(before.HostConfig);
    expect(await namesLike(name)).toEqual([name]);
  });

  it('a leftover in the way of the parking name is moved aside, not removed, and the update goes on', async () => {
    const repo = await ownRepository('left', 'healthy');
    const { name } = await run(`${repo}:1.0.0`);
    const leftover = (
      await dockerCli('dock1', ['create', '--name', `${name}.tidewatch-old`, `${repo}:1.0.0`])
    ).trim();
    const result = await deploy(name);
    expect(result.reason).toBeNull();
    expect(result.state).toBe('done');
    const moved = await docker.getContainer(leftover).inspect();
    expect(moved.Name).toBe(`/${name}.tidewatch-old-${leftover.slice(0, 12)}`);
    expect((await docker.getContainer(name).inspect()).Config.Image).toBe(`${repo}:2.0.0`);
  });

  it('the old container removed by someone else during the health gate is rebuilt from the journal', async () => {
    const repo = await ownRepository('gone', 'sick');
    const { name } = await run(`${repo}:1.0.0`, ['--label', 'team=web']);
    let removed: Promise<string> | null = null;
    const stop = t.core.events.on('deploys.progress', (progress) => {
      if (progress.containerName === name && progress.step === 'health') {
        removed ??= dockerCli('dock1', ['rm', '-f', `${name}.tidewatch-old`]);
      }
    });
    const result = await deploy(name);
    stop();
    expect(removed).not.toBeNull();
    await removed;
    expect(result.state).toBe('rolled-back');
    const after = await docker.getContainer(name).inspect();
    expect(after.State.Running).toBe(true);
    expect(after.Config.Image).toBe(`${repo}:1.0.0`);
    expect(after.Config.Env).toContain('MODE=prod');
    expect(after.Config.Labels).toMatchObject({ team: 'web' });
    expect(await namesLike(name)).toEqual([name]);
  });

  it('keeps the replaced containers the setting asks for, stopped, and prunes older ones', async () => {
    await t.client.call('settings.update', { keepOldContainers: 1 });
    try {
      const repo = await ownRepository('keep', 'healthy');
      const { name, id: first } = await run(`${repo}:1.0.0`);
      const forward = await deploy(name);
      expect(forward.state).toBe('done');
      const keptName = `${name}.tidewatch-old-${first.slice(0, 12)}`;
      expect(forward.steps.at(-1)?.detail).toContain(`kept the previous container stopped as ${keptName}`);
      const kept = await docker.getContainer(first).inspect();
      expect(kept.Name).toBe(`/${keptName}`);
      expect(kept.State.Running).toBe(false);

      const second = (await docker.getContainer(name).inspect()).Id;
      const back = await deploy(name, '1.0.0');
      expect(back.state).toBe('done');
      // One kept: the newer replaced container stays, the older one went.
      expect(await namesLike(name)).toEqual([name, `${name}.tidewatch-old-${second.slice(0, 12)}`]);
      await expect(docker.getContainer(first).inspect()).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await t.client.call('settings.update', { keepOldContainers: 0 });
    }
  });
});
