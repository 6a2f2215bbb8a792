/**
 * The companion's container image (issue 10): assembled FROM scratch by packaging/companion/image-context.ts,
 * built on the lab's builder engine, pushed to the lab registry and run on dock1 as the compose example runs
 * it (host network, data volume, the secret key as a Docker secret, an unprivileged user). The test core then
 * attaches to it through dock1's SSH connection and receives a webhook delivered to it; `docker stop` ends it
 * cleanly and a restart keeps its token and data.
 */
import { chownSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COMPANION_UID, buildCompanionImageContext } from '../../packaging/companion/image-context';
import { dockerCli } from '../lab/lab';
import { labPaths, REGISTRY_PLAIN } from '../lab/topology';
import { ensureAppBuilt, PROJECT_ROOT } from '../support/built-app';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const IMAGE = `${REGISTRY_PLAIN}/lab/tidewatch-companion:test`;
const CONTAINER = 'tw-companion-image';
const API_PORT = 17_483;
const WEBHOOK_PORT = 18_091;
let t: TestCore;
let hostId: string;
let workDir: string;

interface ContainerState {
  Status: string;
  ExitCode: number;
  Health?: { Status: string };
}

async function containerState(): Promise<ContainerState> {
  return JSON.parse(
    await dockerCli('dock1', ['inspect', '-f', '{{json .State}}', CONTAINER]),
  ) as ContainerState;
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 500));
  }
}

/** A folder or file the image's user owns, as a server's admin prepares the volume and the secret. */
function ownedByCompanion(path: string): string {
  chownSync(path, COMPANION_UID, COMPANION_UID);
  return path;
}

beforeAll(async () => {
  ensureAppBuilt();
  mkdirSync(labPaths().buildDir, { recursive: true });
  workDir = mkdtempSync(join(labPaths().buildDir, 'companion-image-'));
  const context = buildCompanionImageContext({ root: PROJECT_ROOT, outDir: join(workDir, 'context') });
  await dockerCli('builder', ['build', '-q', '-t', IMAGE, context.dir]);
  await dockerCli('builder', ['push', IMAGE]);
  await dockerCli('dock1', ['pull', '-q', IMAGE]);

  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const keyFile = join(workDir, 'secret-key');
  writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  await dockerCli('dock1', ['rm', '-f', CONTAINER]).catch(() => undefined);
  await dockerCli('dock1', [
    'run',
    '-d',
    '--name',
    CONTAINER,
    '--network',
    'host',
    // The image checks every 30 s; the test need not wait that long for the first answer.
    '--health-interval',
    '2s',
    '-e',
    `TIDEWATCH_PORT=${API_PORT}`,
    '-e',
    'TIDEWATCH_SECRET_KEY_FILE=/run/secrets/tidewatch_secret_key',
    '-v',
    `${ownedByCompanion(keyFile)}:/run/secrets/tidewatch_secret_key:ro`,
    '-v',
    `${ownedByCompanion(dataDir)}:/data`,
    IMAGE,
    '--webhooks',
    `0.0.0.0:${WEBHOOK_PORT}`,
  ]);

  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
}, 600_000);

afterAll(async () => {
  await t?.close();
  await dockerCli('dock1', ['rm', '-f', CONTAINER]).catch(() => undefined);
  await dockerCli('dock1', ['rmi', IMAGE]).catch(() => undefined);
  await dockerCli('builder', ['rmi', IMAGE]).catch(() => undefined);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('the companion container image', { timeout: 300_000 }, () => {
  it('runs as an unprivileged user, becomes healthy and serves webhooks on the host network', async () => {
    expect(await dockerCli('dock1', ['inspect', '-f', '{{.Config.User}}', CONTAINER])).toContain(
      `${COMPANION_UID}:${COMPANION_UID}`,
    );
    const healthy = await until(async () => {
      const state = await containerState();
      if (state.Status !== 'running') throw new Error(`companion container ${state.Status}: ${await logs()}`);
      return state.Health?.Status === 'healthy' ? state : undefined;
    });
    expect(healthy.Health?.Status).toBe('healthy');
    const health = await fetch(`http://${labHost(lab, 'dock1').address}:${WEBHOOK_PORT}/health`);
    expect(health.status).toBe(200);
    // Its API stays on the server's loopback: not reachable from the network.
    const direct = await fetch(`http://${labHost(lab, 'dock1').address}:${API_PORT}/`).catch(
      (error: unknown) => error,
    );
    expect(direct).toBeInstanceOf(Error);
  });

  it('is attached over SSH with the token from its volume and relays a delivered webhook', async () => {
    const token = readFileSync(join(workDir, 'data', 'companion-token'), 'utf8').trim();
    const attached = await t.client.call('companions.add', { hostId, port: API_PORT, token, name: 'image' });
    await until(async () =>
      (await t.client.call('companions.list'))[0]?.state === 'open' ? true : undefined,
    );

    const endpoints = await t.core.companions.client(attached.id).call('webhooks.endpoints');
    const diunSecret = endpoints.find((endpoint) => endpoint.name === 'diun')?.secret ?? '';
    expect(diunSecret.length).toBeGreaterThan(20);
    const delivered = await fetch(`http://${labHost(lab, 'dock1').address}:${WEBHOOK_PORT}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: diunSecret },
      body: JSON.stringify({ image: 'lab/from-image:1', hostname: 'dock1', status: 'new' }),
    });
    expect(delivered.status).toBe(200);
    await until(() =>
      t.events.some(
        (entry) =>
          entry.name === 'companions.event' &&
          JSON.stringify(entry.payload).includes('lab/from-image:1') &&
          JSON.stringify(entry.payload).includes('"done"'),
      )
        ? true
        : undefined,
    );

    // The secret lives only in the encrypted file, under the key given as a Docker secret.
    const files = readdirSync(join(workDir, 'data'));
    expect(files).toContain('secrets.enc');
    for (const file of files.filter((name) => name.startsWith('secrets')))
      expect(readFileSync(join(workDir, 'data', file), 'latin1')).not.toContain(diunSecret);
  });

  it('stops cleanly on SIGTERM and comes back with its token and data', async () => {
    await dockerCli('dock1', ['stop', '-t', '30', CONTAINER]);
    const stopped = await containerState();
    // 0, not 137: it ended on SIGTERM by itself, not killed when the grace period ran out.
    expect(stopped.ExitCode).toBe(0);
    await until(async () =>
      (await t.client.call('companions.list'))[0]?.state !== 'open' ? true : undefined,
    );

    await dockerCli('dock1', ['start', CONTAINER]);
    // Same token (kept in the volume): the core's stored link reattaches by itself.
    await until(async () =>
      (await t.client.call('companions.list'))[0]?.state === 'open' ? true : undefined,
    );
    const [link] = await t.client.call('companions.list');
    const remote = t.core.companions.client(link!.id);
    const deliveries = await remote.call('webhooks.deliveries', {});
    expect(JSON.stringify(deliveries)).toContain('lab/from-image:1');
  });
});

async function logs(): Promise<string> {
  return dockerCli('dock1', ['logs', '--tail', '50', CONTAINER]).catch((error: unknown) => String(error));
}
