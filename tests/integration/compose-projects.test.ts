/**
 * compose.action on dock1 against containers the test creates with the labels `docker compose up` writes
 * (compose itself is not installed in the lab): start goes dependencies first, stop the other way,
 * a dependent of a service that cannot start is skipped, a one-off `run` container is left alone.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ComposeActionResult } from '@shared/schemas/compose';
import { dockerCli } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const project = `twops-shop-${suffix}`;
const broken = `twops-broken-${suffix}`;
const image = `${lab.registries.plain}/lab/web:1.0.0`;
const created: string[] = [];
let t: TestCore;
let hostId: string;

/** `docker create` with the labels compose would have written for this service and replica. */
async function create(
  proj: string,
  service: string,
  number: number,
  extra: { dependsOn?: string; oneoff?: boolean; args?: string[] } = {},
): Promise<string> {
  const name = `${proj}-${service}-${extra.oneoff ? 'run' : number}`;
  const labels = {
    'com.docker.compose.project': proj,
    'com.docker.compose.service': service,
    'com.docker.compose.container-number': String(number),
    'com.docker.compose.oneoff': extra.oneoff ? 'True' : 'False',
    'com.docker.compose.project.working_dir': `/srv/${proj}`,
    'com.docker.compose.project.config_files': `/srv/${proj}/compose.yaml,/srv/${proj}/compose.override.yaml`,
    ...(extra.dependsOn ? { 'com.docker.compose.depends_on': extra.dependsOn } : {}),
  };
  const flags = Object.entries(labels).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
  created.push(name);
  await dockerCli('dock1', ['create', '--name', name, ...flags, ...(extra.args ?? []), image]);
  return name;
}

const inspect = async (name: string, format: string) =>
  (await dockerCli('dock1', ['inspect', '-f', format, name])).trim();
const order = (result: ComposeActionResult) => result.results.map((r) => r.name);

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  // Created in an order unlike the start order, so the order cannot come from creation.
  await create(project, 'web', 2, { dependsOn: 'api:service_started:false' });
  await create(project, 'web', 1, { dependsOn: 'api:service_started:false' });
  await create(project, 'api', 1, { dependsOn: 'db:service_healthy:false' });
  await create(project, 'db', 1);
  await create(project, 'api', 1, { oneoff: true });
  // A service whose entrypoint does not exist cannot start; its dependent must not be started.
  await create(broken, 'db', 1, { args: ['--entrypoint', '/no-such-binary'] });
  await create(broken, 'app', 1, { dependsOn: 'db:service_started:false' });
}, 180_000);

afterAll(async () => {
  if (created.length > 0) await dockerCli('dock1', ['rm', '-f', ...created]).catch(() => undefined);
  await t?.close();
});

describe('compose.action', { timeout: 180_000 }, () => {
  it('starts a project dependencies first, replicas together, and leaves one-off containers alone', async () => {
    const result = await t.client.call('compose.action', { hostId, project, action: 'start' });
    expect(result).toMatchObject({ hostId, project, action: 'start' });
    expect(order(result)).toEqual([
      `${project}-db-1`,
      `${project}-api-1`,
      `${project}-web-1`,
      `${project}-web-2`,
    ]);
    for (const entry of result.results) {
      expect(entry).toMatchObject({ outcome: 'done', state: 'running', message: null });
    }
    expect(result.results.map((r) => r.service)).toEqual(['db', 'api', 'web', 'web']);
    // The engine's own start times agree: each level started after the one it depends on.
    const started = async (service: string) =>
      Date.parse(await inspect(`${project}-${service}`, '{{.State.StartedAt}}'));
    expect(await started('db-1')).toBeLessThanOrEqual(await started('api-1'));
    expect(await started('api-1')).toBeLessThanOrEqual(await started('web-1'));
    expect(await inspect(`${project}-api-run`, '{{.State.Status}}')).toBe('created');
  });

  it('stops dependents first', async () => {
    const result = await t.client.call('compose.action', {
      hostId,
      project,
      action: 'stop',
      timeoutSeconds: 2,
    });
    expect(order(result)).toEqual([
      `${project}-web-1`,
      `${project}-web-2`,
      `${project}-api-1`,
      `${project}-db-1`,
    ]);
    expect(result.results.every((r) => r.outcome === 'done' && r.state === 'exited')).toBe(true);
    for (const name of order(result)) expect(await inspect(name, '{{.State.Running}}')).toBe('false');
    // The engine's stop times agree: web went down before db.
    const finished = async (name: string) => Date.parse(await inspect(name, '{{.State.FinishedAt}}'));
    expect(await finished(`${project}-web-2`)).toBeLessThanOrEqual(await finished(`${project}-db-1`));
  });

  it('restarts a stopped project: everything runs again', async () => {
    const result = await t.client.call('compose.action', {
      hostId,
      project,
      action: 'restart',
      timeoutSeconds: 2,
    });
    expect(result.results.map((r) => [r.name, r.outcome, r.state])).toEqual(
      order(result).map((name) => [name, 'done', 'running']),
    );
    expect(order(result)[0]).toBe(`${project}-db-1`);
    for (const name of order(result)) expect(await inspect(name, '{{.State.Running}}')).toBe('true');
  });

  it('starting what runs already is fine (done, still running)', async () => {
    const result = await t.client.call('compose.action', { hostId, project, action: 'start' });
    expect(result.results.every((r) => r.outcome === 'done' && r.state === 'running')).toBe(true);
  });

  it('reports a container that cannot start and skips its dependent', async () => {
    const result = await t.client.call('compose.action', { hostId, project: broken, action: 'start' });
    const [db, app] = result.results;
    expect(db).toMatchObject({ name: `${broken}-db-1`, outcome: 'failed' });
    expect(db?.message).toMatch(/^Starting .*-db-1: .*no-such-binary/);
    expect(app).toMatchObject({ name: `${broken}-app-1`, outcome: 'skipped', state: 'created' });
    expect(app?.message).toBe('Not started: db, which it depends on, failed');
    expect(await inspect(`${broken}-app-1`, '{{.State.Status}}')).toBe('created');
  });

  it('answers NOT_FOUND for a project the host does not have', async () => {
    await expect(
      t.client.call('compose.action', { hostId, project: `twops-none-${suffix}`, action: 'restart' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
