/**
 * The deploy engine against dock1 and the lab registry: a health-gated in-place update that succeeds, one
 * whose new image is sick and rolls back by itself, an HTTP health path probed through SSH, the lock,
 * and a cancel. Each test deploys its own repository (copied in the registry) so tests never share tags.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Deploy } from '@shared/schemas/deploys';
import { dockerCli, killSshConnections, startSshdOn, stopSshdOn } from '../lab/lab';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const registry = { base: `http://${lab.registries.plain}` };
let t: TestCore;
let hostId: string;
let docker: Docker;
const containers: string[] = [];

beforeAll(async () => {
  // Short waits keep the file quick; they decide nothing a slower machine would decide differently,
  // except the one test that waits for a health path that never answers 2xx.
  t = await startTestCore({ deploys: { timing: { watchMs: 3_000, pollMs: 500, healthTimeoutMs: 60_000 } } });
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  await t.client.call('registries.create', { host: lab.registries.plain, insecure: true });
  docker = (await t.core.docker.engine(hostId)).docker;
}, 120_000);

afterAll(async () => {
  for (const name of containers) {
    await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
    await dockerCli('dock1', ['rm', '-f', `${name}.tidewatch-old`]).catch(() => undefined);
  }
  await t?.close();
});

/** A repository of this test's own: `1.0.0` is lab/web 1.0.0, `2.0.0` is lab/web 1.1.0 or the sick image. */
async function ownRepository(prefix: string, next: 'healthy' | 'sick'): Promise<string> {
  const repo = `deploy/${uniqueName(prefix)}`;
  await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
  if (next === 'healthy') await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '2.0.0');
  else await copyImage(registry, 'lab/sick', '1.0.0', registry, repo, '2.0.0');
  return `${lab.registries.plain}/${repo}`;
}

async function runContainer(repo: string, args: string[] = []): Promise<{ name: string; id: string }> {
  const name = uniqueName('dep');
  containers.push(name);
  const id = (
    await dockerCli('dock1', ['run', '-d', '--name', name, '--env', 'MODE=prod', ...args, `${repo}:1.0.0`])
  ).trim();
  return { name, id };
}

async function deploy(name: string, extra: { tag?: string; healthPath?: string } = {}): Promise<Deploy> {
  const { finished } = await t.core.deploys.start({ hostId, containerName: name, tag: '2.0.0', ...extra });
  return finished;
}

// Deploys pull, wait for health checks and watch periods: slow by nature, so a generous deadline.
describe('deploy engine', { timeout: 300_000 }, () => {
  it('updates a container behind its image health check and retires the old one', async () => {
    const repo = await ownRepository('good', 'healthy');
    const { name, id } = await runContainer(repo, ['-p', '127.0.0.1:18090:8080', '--label', 'team=web']);
    const result = await deploy(name);

    expect(result.reason).toBeNull();
    expect(result.state).toBe('done');
    expect(result.image).toBe(`${repo}:2.0.0`);
    expect(result.digest).toBe(lab.images.web.tags['1.1.0']);
    expect(result.steps.map((step) => step.step)).toEqual([
      'lock',
      'resolve',
      'pull',
      'snapshot',
      'stage',
      'start',
      'health',
      'watch',
      'retire',
    ]);
    expect(result.steps.every((step) => step.state === 'done')).toBe(true);
    const now = await docker.getContainer(name).inspect();
    expect(now.Id).not.toBe(id);
    expect(now.Config.Image).toBe(`${repo}:2.0.0`);
    expect(now.State.Health?.Status).toBe('healthy');
    expect(now.Config.Env).toContain('MODE=prod');
    expect(now.Config.Labels).toMatchObject({ team: 'web' });
    expect(now.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18090' }] });
    // The old container is gone; the history keeps the deploy.
    await expect(docker.getContainer(id).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(await t.client.call('deploys.list', { hostId, containerName: name })).toEqual([
      expect.objectContaining({ id: result.id, state: 'done' }),
    ]);
    const progress = t.events.filter((event) => event.name === 'deploys.progress');
    expect(progress.length).toBeGreaterThan(5);
  });

  it('puts the previous version back from the history, by digest', async () => {
    const repo = await ownRepository('back', 'healthy');
    const { name, id } = await runContainer(repo);
    const oldImageId = (await docker.getContainer(id).inspect()).Image;
    // The same image under a name Docker lists first: the roll back must still use the container's own.
    const aliasRepo = `aaa/${uniqueName('alias')}`;
    await copyImage(registry, 'lab/web', '1.0.0', registry, aliasRepo, '1.0.0');
    const alias = `${lab.registries.plain}/${aliasRepo}:1.0.0`;
    await dockerCli('dock1', ['pull', '-q', alias]);
    const forward = await deploy(name).finally(() =>
      dockerCli('dock1', ['rmi', alias]).catch(() => undefined),
    );
    expect(forward.state).toBe('done');
    expect(forward.previousImage).toBe(`${repo}@${lab.images.web.tags['1.0.0']}`);

    const back = await t.core.deploys.rollBackTo(forward.id);
    const result = await back.finished;
    expect(result.reason).toBeNull();
    expect(result).toMatchObject({ state: 'done', image: forward.previousImage });
    const now = await docker.getContainer(name).inspect();
    expect(now.Image).toBe(oldImageId);
    expect(now.Config.Env).toContain('MODE=prod');
    // A deploy that changed nothing has nothing to roll back.
    const failed = await deploy(name, { tag: '9.9.9' });
    await expect(t.client.call('deploys.rollback', { id: failed.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('rolls a sick update back by itself: the old container runs again under its name', async () => {
    const repo = await ownRepository('sick', 'sick');
    const { name, id } = await runContainer(repo);
    const before = await docker.getContainer(id).inspect();
    const result = await deploy(name);

    expect(result.state).toBe('rolled-back');
    expect(result.reason).toMatch(/health check failed/);
    expect(result.steps.map((step) => [step.step, step.state])).toContainEqual(['health', 'failed']);
    expect(result.steps.at(-1)).toMatchObject({ step: 'rollback', state: 'done' });
    const after = await docker.getContainer(name).inspect();
    expect(after.Id).toBe(id);
    expect(after.State.Running).toBe(true);
    expect(after.Config).toEqual(before.Config);
    expect(after.HostConfig).toEqual(before.HostConfig);
    // Exactly one container of this deploy is left.
    const left = (await dockerCli('dock1', ['ps', '-a', '--format', '{{.Names}}'])).split('\n');
    expect(left.filter((entry) => entry.startsWith(name))).toEqual([name]);
  });

  it('probes an HTTP path through the SSH connection when the image has no health check', async () => {
    const repo = await ownRepository('http', 'healthy');
    const good = await runContainer(repo, ['--no-healthcheck']);
    const passed = await deploy(good.name, { healthPath: '/' });
    expect(passed.state).toBe('done');
    expect(passed.steps.find((step) => step.step === 'health')?.detail).toMatch(/GET \/: HTTP 200/);

    const bad = await runContainer(repo, ['--no-healthcheck']);
    const { finished } = await t.core.deploys.start({
      hostId,
      containerName: bad.name,
      tag: '2.0.0',
      healthPath: '/no-such-page',
    });
    // A 404 never passes: the deploy ends when the health timeout runs out, then rolls back.
    const failed = await finished;
    expect(failed.state).toBe('rolled-back');
    expect(failed.reason).toMatch(/HTTP 404/);
    expect((await docker.getContainer(bad.name).inspect()).Id).toBe(bad.id);
  }, 180_000);

  it('holds one deploy per container (BUSY names the running one) and cancels into a rollback', async () => {
    const repo = await ownRepository('busy', 'healthy');
    const { name, id } = await runContainer(repo);
    const first = await t.core.deploys.start({ hostId, containerName: name, tag: '2.0.0' });
    await expect(
      t.client.call('deploys.start', { hostId, containerName: name, tag: '2.0.0' }),
    ).rejects.toMatchObject({ code: 'BUSY', message: expect.stringContaining(`deploy ${first.deploy.id}`) });
    // Cancel once the host was changed (the new container exists): the old one must come back.
    await waitForStep(first.deploy.id, ['health', 'watch']);
    expect(await t.client.call('deploys.cancel', { id: first.deploy.id })).toEqual({ cancelled: true });
    const result = await first.finished;
    expect(result.state).toBe('rolled-back');
    expect(result.reason).toBe('cancelled by the user');
    const after = await docker.getContainer(name).inspect();
    expect(after.Id).toBe(id);
    expect(after.State.Running).toBe(true);
  });

  it('runs a bulk update one container after another on a host, refusing unknown ones per item', async () => {
    const repo = await ownRepository('bulk', 'healthy');
    const first = await runContainer(repo);
    const second = await runContainer(repo);
    const { deploys, refused } = await t.client.call('deploys.startMany', {
      items: [
        { hostId, containerName: first.name, tag: '2.0.0' },
        { hostId, containerName: 'no-such-container', tag: '2.0.0' },
        { hostId: 'no-such-host', containerName: first.name, tag: '2.0.0' },
        { hostId, containerName: second.name, tag: '2.0.0' },
      ],
    });
    expect(refused.map((item) => [item.containerName, item.code])).toEqual([
      ['no-such-container', 'NOT_FOUND'],
      [first.name, 'NOT_FOUND'],
    ]);
    expect(deploys.map((deploy) => deploy.containerName)).toEqual([first.name, second.name]);
    const settled = await Promise.all(deploys.map((deploy) => waitForEnd(deploy.id)));
    expect(settled.map((deploy) => deploy.state)).toEqual(['done', 'done']);
    // The second waited for the first: its resolve step began after the first had ended.
    const secondResolve = settled[1]!.steps.find((step) => step.step === 'resolve')!;
    expect(Date.parse(secondResolve.startedAt)).toBeGreaterThanOrEqual(Date.parse(settled[0]!.finishedAt!));
    expect(settled[1]!.steps[0]?.detail).toMatch(/waiting for the deploy before it/);
  }, 300_000);

  it('stops before touching the host when the tag does not exist in the registry', async () => {
    const repo = await ownRepository('missing', 'healthy');
    const { name, id } = await runContainer(repo);
    const result = await deploy(name, { tag: '9.9.9' });
    expect(result.state).toBe('failed');
    expect(result.reason).toMatch(/9\.9\.9|not found|unknown/i);
    expect(result.steps.map((step) => step.step)).toEqual(['lock', 'resolve']);
    const after = await docker.getContainer(name).inspect();
    expect(after.Id).toBe(id);
    expect(after.State.Running).toBe(true);
  });

  it('answers NOT_FOUND for an unknown container or host, and VALIDATION for a bad tag', async () => {
    await expect(
      t.client.call('deploys.start', { hostId, containerName: 'no-such-container', tag: '1.0.0' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.client.call('deploys.start', { hostId: 'no-such-host', containerName: 'web1', tag: '1.0.0' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.client.call('deploys.start', { hostId, containerName: 'web1', tag: 'bad tag!' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(t.client.call('deploys.get', { id: 99999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

// Deploys pull, wait for health checks and watch periods: slow by nature, so a generous deadline.
describe('a registry that needs a login', { timeout: 300_000 }, () => {
  it('pulls with the saved credentials (the engine has no login of its own for it)', async () => {
    const basic = lab.registries.basic;
    await t.client.call('registries.create', {
      host: basic,
      insecure: true,
      username: lab.registries.basicUser,
      password: lab.registries.basicPassword,
    });
    const authconfig = {
      username: lab.registries.basicUser,
      password: lab.registries.basicPassword,
      serveraddress: basic,
    };
    const from = `${basic}/lab/web:1.0.0`;
    await new Promise<void>((resolve, reject) => {
      docker.pull(from, { authconfig }, (error: Error | null, stream?: NodeJS.ReadableStream) => {
        if (error || !stream) reject(error ?? new Error('no pull stream'));
        else docker.modem.followProgress(stream, (done: Error | null) => (done ? reject(done) : resolve()));
      });
    });
    const name = uniqueName('basic');
    containers.push(name);
    await (await docker.createContainer({ name, Image: from })).start();

    const result = await deploy(name, { tag: '1.1.0' });
    expect(result.reason).toBeNull();
    expect(result).toMatchObject({ state: 'done', digest: lab.images.webBasic.tags['1.1.0'] });
    expect((await docker.getContainer(name).inspect()).Config.Image).toBe(`${basic}/lab/web:1.1.0`);
  });
});

describe('a host lost mid-deploy', () => {
  it('keeps the deploy open and rolls it back when the host connects again', async () => {
    const repo = await ownRepository('lost', 'healthy');
    const { name, id } = await runContainer(repo);
    const { deploy, finished } = await t.core.deploys.start({ hostId, containerName: name, tag: '2.0.0' });
    await waitForStep(deploy.id, ['health', 'watch']);
    await stopSshdOn('dock1');
    try {
      await killSshConnections('dock1');
      const lost = await finished;
      expect(lost.state).toBe('running');
      expect(lost.reason).toMatch(/the host was lost before the rollback/);
    } finally {
      await startSshdOn('dock1');
    }
    // The connection comes back by itself; recovery settles the deploy from the journal.
    const deadline = Date.now() + 120_000;
    let settled = await t.client.call('deploys.get', { id: deploy.id });
    while (settled.state === 'running' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      settled = await t.client.call('deploys.get', { id: deploy.id });
    }
    expect(settled.state).toBe('rolled-back');
    const after = await (await t.core.docker.engine(hostId)).docker.getContainer(name).inspect();
    expect(after.Id).toBe(id);
    expect(after.State.Running).toBe(true);
  }, 240_000);
});

/** Polls the journal until the deploy has ended (a deadline guards against a hang only). */
async function waitForEnd(id: number): Promise<Deploy> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const deploy = await t.client.call('deploys.get', { id });
    if (deploy.state !== 'running') return deploy;
    if (Date.now() > deadline) throw new Error(`deploy ${id} did not end`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Polls the journal until the deploy reaches one of `steps` (a deadline guards against a hang only). */
async function waitForStep(id: number, steps: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const deploy = await t.client.call('deploys.get', { id });
    if (steps.includes(deploy.step)) return;
    if (deploy.state !== 'running')
      throw new Error(`deploy ended (${deploy.state}) before ${steps.join('/')}`);
    if (Date.now() > deadline) throw new Error(`deploy ${id} never reached ${steps.join('/')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
