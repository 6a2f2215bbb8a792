/**
 * A core attached to a companion over SSH (issue 10): the companion runs inside dock1's network namespace
 * with its API on that namespace's loopback only; the test core reaches it through dock1's SSH connection
 * (direct-tcpip), reads its token file over SSH, and receives its events. With sshd down and the session
 * killed, a webhook delivered to the companion is caught up after the reconnect.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@shared/rpc/client';
import { createRelayTransport } from '../../renderer/src/api/relay-transport';
import {
  buildAndPushImage,
  dockerCli,
  hostNetns,
  killSshConnections,
  startSshdOn,
  stopSshdOn,
} from '../lab/lab';
import { addTrustedLabHost } from '../support/quiet-core';
import { copyImage } from './helpers/registry-api';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const ROOT = resolve(import.meta.dirname, '..', '..');
const WEBHOOK_PORT = 18_090;
const suffix = Date.now().toString(36);
const UPDATE_REPO = `lab/companion-upd-${suffix}`;
const UPDATE_CONTAINER = `tw-companion-upd-${suffix}`;
const LOCAL_CONTAINER = `tw-companion-local-${suffix}`;
const registry = { base: `http://${lab.registries.plain}` };
let t: TestCore;
let hostId: string;
let companion: ChildProcess | null = null;
let companionDir: string;
let ready: { port: number; tokenFile: string };
/** Set while this test has dock1's sshd stopped: a second sshd start would replace the pid file of the first. */
let sshdStopped = false;

/** The companion as a server runs it, but inside dock1's network namespace (its loopback is dock1's). */
async function startCompanionInDock1(): Promise<{ port: number; tokenFile: string }> {
  companionDir = mkdtempSync(join(tmpdir(), 'tw-companion-'));
  const child = spawn(
    'nsenter',
    [
      `--net=${hostNetns('dock1')}`,
      process.execPath,
      '--import',
      'tsx',
      join(ROOT, 'electron', 'companion', 'index.ts'),
      '--port',
      '0',
      '--data-dir',
      join(companionDir, 'data'),
      '--webhooks',
      `0.0.0.0:${WEBHOOK_PORT}`,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, XDG_CONFIG_HOME: join(companionDir, 'config') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  companion = child;
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolvePromise, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const line = output.split('\n').find((entry) => entry.startsWith('TIDEWATCH_COMPANION_READY '));
      if (line)
        resolvePromise(
          JSON.parse(line.slice('TIDEWATCH_COMPANION_READY '.length)) as { port: number; tokenFile: string },
        );
    });
    child.once('exit', (code) => reject(new Error(`companion exited (${code}): ${output.slice(-2000)}`)));
  });
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 250));
  }
}

const relayed = (image: string) =>
  t.events.find(
    (entry) =>
      entry.name === 'companions.event' &&
      (entry.payload as { event: string; payload: { image?: string; state?: string } }).event ===
        'webhooks.delivery' &&
      (entry.payload as { payload: { image?: string; state?: string } }).payload.image === image &&
      (entry.payload as { payload: { state?: string } }).payload.state === 'done',
  );

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  ready = await startCompanionInDock1();
}, 180_000);

afterAll(async () => {
  await dockerCli('dock1', ['rm', '-f', UPDATE_CONTAINER]).catch(() => undefined);
  await dockerCli('dock1', ['rm', '-f', LOCAL_CONTAINER]).catch(() => undefined);
  await dockerCli('dock1', ['rm', '-f', `${LOCAL_CONTAINER}.tidewatch-old`]).catch(() => undefined);
  if (sshdStopped) await startSshdOn('dock1').catch(() => undefined);
  await t?.close();
  companion?.kill('SIGTERM');
  if (companionDir) rmSync(companionDir, { recursive: true, force: true });
});

describe('a core attached to a companion over SSH', { timeout: 300_000 }, () => {
  it('refuses a file that is not a token (without showing it) and a wrong token', async () => {
    const notToken = await t.client
      .call('companions.add', { hostId, port: ready.port, tokenFile: '/etc/passwd' })
      .catch((error: unknown) => error);
    expect(notToken).toMatchObject({ code: 'VALIDATION' });
    expect(JSON.stringify(notToken)).not.toContain('root:');
    const wrong = await t.client
      .call('companions.add', { hostId, port: ready.port, token: 'A'.repeat(43) })
      .catch((error: unknown) => error);
    expect(wrong).toMatchObject({ code: 'VALIDATION', message: 'The companion refused this token' });
    expect(await t.client.call('companions.list')).toEqual([]);
  });

  it('reads the token over SSH, attaches, relays webhook deliveries and catches up after a reconnect', async () => {
    // The SSH user reads its own copy of the token file (the companion runs as root here).
    const readable = join(companionDir, 'token-for-ssh-user');
    copyFileSync(ready.tokenFile, readable);
    chmodSync(readable, 0o644);
    chmodSync(companionDir, 0o755);
    const attached = await t.client.call('companions.add', {
      hostId,
      port: ready.port,
      tokenFile: readable,
      name: 'team server',
    });
    expect(attached).toMatchObject({ name: 'team server', port: ready.port });
    await until(async () =>
      (await t.client.call('companions.list'))[0]?.state === 'open' ? true : undefined,
    );

    // The companion's own contract, through the link: its webhook secrets.
    const remote = t.core.companions.client(attached.id);
    const endpoints = await remote.call('webhooks.endpoints');
    const diunSecret = endpoints.find((endpoint) => endpoint.name === 'diun')?.secret ?? '';
    const deliver = (image: string) =>
      fetch(`http://${labHost(lab, 'dock1').address}:${WEBHOOK_PORT}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: diunSecret },
        body: JSON.stringify({ image, hostname: 'dock1', status: 'new' }),
      });

    expect((await deliver('lab/first:1')).status).toBe(200);
    await until(() => (relayed('lab/first:1') ? true : undefined));

    // Sleep or network loss: sshd down and the session killed; a delivery arrives meanwhile.
    sshdStopped = true;
    await stopSshdOn('dock1');
    await killSshConnections('dock1');
    await until(async () =>
      (await t.client.call('companions.list'))[0]?.state !== 'open' ? true : undefined,
    );
    expect((await deliver('lab/while-away:1')).status).toBe(200);
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 1500));
    expect(relayed('lab/while-away:1')).toBeUndefined();

    await startSshdOn('dock1');
    sshdStopped = false;
    await until(() => (relayed('lab/while-away:1') ? true : undefined));
    const [state] = await t.client.call('companions.list');
    expect(state?.state).toBe('open');
    expect(state?.lastSeq).toBeGreaterThan(0);
  });

  it('operates the companion’s core through the local one (companions.call), as the core switcher does', async () => {
    const [link] = await t.client.call('companions.list');
    const id = link!.id;
    // The renderer's relayed transport under the same typed client the pages use.
    const remote = createClient(createRelayTransport(t.client, id));
    const endpoints = await remote.call('webhooks.endpoints');
    expect(endpoints.map((endpoint) => endpoint.name)).toContain('diun');
    // The companion's own hosts, not this core's (it has none; this core has dock1).
    expect(await remote.call('hosts.list')).toEqual([]);
    expect((await t.client.call('hosts.list')).length).toBeGreaterThan(0);
    // Its errors come back with their codes.
    await expect(
      remote.call('hosts.get', { hostId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // Its events reach the relayed client as its own events.
    const seen: string[] = [];
    const stop = remote.on('webhooks.delivery', (delivery) => seen.push(delivery.image ?? ''));
    const diunSecret = endpoints.find((endpoint) => endpoint.name === 'diun')?.secret ?? '';
    const delivered = await fetch(`http://${labHost(lab, 'dock1').address}:${WEBHOOK_PORT}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: diunSecret },
      body: JSON.stringify({ image: 'lab/relayed:1', hostname: 'dock1', status: 'new' }),
    });
    expect(delivered.status).toBe(200);
    await until(() => (seen.includes('lab/relayed:1') ? true : undefined));
    stop();

    // Checked here before anything travels: unknown or chained methods, bad input, unknown companion.
    await expect(t.client.call('companions.call', { id, method: 'no.such' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'method',
    });
    await expect(t.client.call('companions.call', { id, method: 'companions.list' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      t.client.call('companions.call', { id, method: 'hosts.get', input: { hostId: 42 } }),
    ).rejects.toMatchObject({ code: 'VALIDATION', field: 'input' });
    await expect(
      t.client.call('companions.call', { id: 999_999, method: 'hosts.list' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('puts the updates the companion finds into this core’s tray model and notifications', async () => {
    const [link] = await t.client.call('companions.list');
    const remote = t.core.companions.client(link!.id);
    const detections: string[] = [];
    const stop = t.core.companionUpdates.onDetected((detection) => detections.push(detection.title));

    // The companion watches dock1 itself (from inside dock1's namespace), with the lab registry.
    const serverHostId = await addTrustedLabHost(remote, lab, 'dock1', { name: `server-${suffix}` });
    await remote.call('hosts.connect', { hostId: serverHostId });
    await remote.call('registries.create', { host: lab.registries.plain, insecure: true });
    const image = (tag: string) => `${lab.registries.plain}/${UPDATE_REPO}:${tag}`;
    await buildAndPushImage({ repo: UPDATE_REPO, tag: '1.0.0', registry: lab.registries.plain });
    await dockerCli('dock1', ['pull', '-q', image('1.0.0')]);
    await dockerCli('dock1', ['create', '--name', UPDATE_CONTAINER, image('1.0.0')]);
    await buildAndPushImage({ repo: UPDATE_REPO, tag: '1.0.1', registry: lab.registries.plain });

    await remote.call('updates.checkNow', { hostId: serverHostId });
    const line = await until(() =>
      t.core.companionUpdates
        .trayModels()
        .flatMap((model) => model.model.hosts.map((host) => ({ ...host, companion: model.companion })))
        .find((host) => host.hostId === serverHostId && host.pending > 0),
    );
    expect(line.companion).toBe('team server');
    expect(line.hostName).toBe(`server-${suffix}`);
    await until(() =>
      detections.some((title) => title.endsWith(`on team server · server-${suffix}`)) ? true : undefined,
    );
    stop();

    // This core's inbox lists the companion's entry beside its own, marked with its origin.
    const listed = await until(async () =>
      (await t.client.call('companions.updates')).find(
        (update) => update.entry.containerName === UPDATE_CONTAINER,
      ),
    );
    expect(listed).toMatchObject({
      companionId: link!.id,
      companion: 'team server',
      hostName: `server-${suffix}`,
      entry: { hostId: serverHostId, currentTag: '1.0.0', availableTag: '1.0.1', status: 'new' },
    });
    expect(t.events.some((event) => event.name === 'companions.updatesChanged')).toBe(true);
  });

  it('manages the engine of the machine it runs on as a local host: no SSH to itself', async () => {
    const [link] = await t.client.call('companions.list');
    const remote = t.core.companions.client(link!.id);
    // The companion stands in dock1's namespace: dock1's engine socket is its own machine's socket.
    const local = await remote.call('hosts.createLocal', {
      name: `this-server-${suffix}`,
      dockerSocket: lab.hosts.dock1.dockerSocket ?? '',
    });
    expect(local.kind).toBe('local');
    expect(await remote.call('hosts.connect', { hostId: local.id })).toMatchObject({
      state: 'connected',
      dockerTransport: 'unix-socket',
    });
    const names = (await remote.call('containers.list', { hostId: local.id })).map((entry) => entry.name);
    expect(names).toContain('web1');

    // A deploy's HTTP health probe is dialled from the companion's machine to the container's bridge address.
    const repo = `lab/companion-local-${suffix}`;
    await copyImage(registry, 'lab/web', '1.0.0', registry, repo, '1.0.0');
    await copyImage(registry, 'lab/web', '1.1.0', registry, repo, '2.0.0');
    await dockerCli('dock1', [
      'run',
      '-d',
      '--no-healthcheck',
      '--name',
      LOCAL_CONTAINER,
      `${lab.registries.plain}/${repo}:1.0.0`,
    ]);
    const started = await remote.call('deploys.start', {
      hostId: local.id,
      containerName: LOCAL_CONTAINER,
      tag: '2.0.0',
      healthPath: '/',
    });
    const finished = await until(async () => {
      const deploy = await remote.call('deploys.get', { id: started.id });
      return ['done', 'failed', 'rolled-back'].includes(deploy.state) ? deploy : undefined;
    });
    expect(finished.reason).toBeNull();
    expect(finished.state).toBe('done');
    expect(finished.steps.find((step) => step.step === 'health')?.detail).toMatch(/GET \/: HTTP 200/);
    expect((await dockerCli('dock1', ['inspect', '-f', '{{.Config.Image}}', LOCAL_CONTAINER])).trim()).toBe(
      `${lab.registries.plain}/${repo}:2.0.0`,
    );
  });

  it('remove detaches and forgets the token; an unknown id is NOT_FOUND', async () => {
    const [only] = await t.client.call('companions.list');
    expect(await t.client.call('companions.remove', { id: only!.id })).toEqual({
      removed: true,
      id: only!.id,
    });
    await expect(t.client.call('companions.remove', { id: only!.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // What it found leaves this core's inbox with it.
    expect(await t.client.call('companions.updates')).toEqual([]);
    await expect(
      t.client.call('companions.add', {
        hostId: '00000000-0000-4000-8000-000000000000',
        port: 1,
        token: 'A'.repeat(43),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
