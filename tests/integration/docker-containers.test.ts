import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ContractError } from '@shared/rpc/errors';
import { createClient } from '@shared/rpc/client';
import type { ContainerLogsEndEvent, ContainerLogsEvent } from '@shared/schemas/containers';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { dockerCli } from '../lab/lab';
import {
  createTrustedHost,
  labHost,
  startTestCore,
  uniqueName,
  waitForEvent,
  type TestCore,
} from './ssh-helpers';

const lab = inject('lab');
/** A deadline against a hang, not a speed target. */
const SLOW = { timeout: 60_000, interval: 100 };
const image = `${lab.images.web.repo}:1.0.0`;
let t: TestCore;
let hostId: string;
const created: string[] = [];

/** A container of our own on dock1 (names start with it-), removed after the file. */
async function createContainer(
  prefix: string,
  args: string[] = [],
  command: string[] = [],
): Promise<{ id: string; name: string }> {
  const name = uniqueName(prefix);
  created.push(name);
  const id = (await dockerCli('dock1', ['create', '--name', name, ...args, image, ...command])).trim();
  return { id, name };
}

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
});
afterAll(async () => {
  for (const name of created) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  await t?.close();
});

describe('containers over the SSH tunnel', () => {
  it('lists every container with image, digests, state and compose project', async () => {
    const list = await t.client.call('containers.list', { hostId });
    const web1 = list.find((c) => c.name === 'web1');
    expect(web1).toMatchObject({
      hostId,
      image,
      state: 'running',
      composeProject: 'shop',
      composeService: 'web',
    });
    expect(web1?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(web1?.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(web1?.repoDigests).toContain(`${lab.images.web.repo}@${lab.images.web.tags['1.0.0']}`);
    expect(['starting', 'healthy']).toContain(web1?.health);
    expect(list.find((c) => c.name === 'idle1')).toMatchObject({
      state: 'created',
      composeProject: null,
      health: 'none',
    });

    // The same containers the engine itself reports (straight from its socket, no SSH).
    const direct = (await dockerCli('dock1', ['ps', '-a', '--format', '{{.Names}}']))
      .trim()
      .split('\n')
      .sort();
    expect(list.map((c) => c.name).sort()).toEqual(direct);
  });

  it('starts, stops and restarts a container, answering its state afterwards', async () => {
    const { id, name } = await createContainer('life');
    const started = await t.client.call('containers.start', { hostId, containerId: name });
    expect(started).toMatchObject({ id, name, state: 'running' });
    // Starting a running container is not an error.
    expect((await t.client.call('containers.start', { hostId, containerId: id })).state).toBe('running');

    const startedAt = (await dockerCli('dock1', ['inspect', '-f', '{{.State.StartedAt}}', id])).trim();
    const restarted = await t.client.call('containers.restart', {
      hostId,
      containerId: id,
      timeoutSeconds: 1,
    });
    expect(restarted.state).toBe('running');
    expect((await dockerCli('dock1', ['inspect', '-f', '{{.State.StartedAt}}', id])).trim()).not.toBe(
      startedAt,
    );

    const stopped = await t.client.call('containers.stop', { hostId, containerId: id, timeoutSeconds: 1 });
    expect(stopped.state).toBe('exited');
    expect((await dockerCli('dock1', ['inspect', '-f', '{{.State.Running}}', id])).trim()).toBe('false');
    await waitForEvent(t, 'containers.changed', (e) => e.containerId === id && e.action === 'die');
  });

  it('refuses to remove a running container without force (CONFLICT), removes it with force', async () => {
    const { id, name } = await createContainer('rm');
    await t.client.call('containers.start', { hostId, containerId: id });
    const error = await t.client
      .call('containers.remove', { hostId, containerId: id })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect((error as Error).message).toContain(name);
    expect((await dockerCli('dock1', ['inspect', '-f', '{{.State.Running}}', id])).trim()).toBe('true');

    expect(await t.client.call('containers.remove', { hostId, containerId: id, force: true })).toEqual({
      removed: true,
      id,
    });
    const gone = await t.client
      .call('containers.get', { hostId, containerId: id })
      .catch((caught: unknown) => caught);
    expect(gone).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers NOT_FOUND for an unknown container and VALIDATION for an id that could escape the API path', async () => {
    expect(
      await t.client
        .call('containers.start', { hostId, containerId: 'it-no-such-container' })
        .catch((e: unknown) => e),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await t.client
        .call('containers.start', { hostId, containerId: '../../images/json' })
        .catch((e: unknown) => e),
    ).toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('streams logs, stdout and stderr apart and in order, and stops on request', async () => {
    const script =
      'echo out-1; echo err-1 >&2; echo out-2; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done';
    const { id } = await createContainer('logs', [], ['sh', '-c', script]);
    await t.client.call('containers.start', { hostId, containerId: id });
    await expect
      .poll(async () => (await dockerCli('dock1', ['logs', id])).includes('tick-2'), { timeout: 10_000 })
      .toBe(true);

    const { streamId } = await t.client.call('containers.logs.start', {
      hostId,
      containerId: id,
      follow: true,
      tail: 'all',
    });
    const chunks = () =>
      t.events
        .filter(
          (e) => e.name === 'containers.logs' && (e.payload as ContainerLogsEvent).streamId === streamId,
        )
        .map((e) => e.payload as ContainerLogsEvent);
    const lines = (stream: 'stdout' | 'stderr') =>
      chunks()
        .filter((c) => c.stream === stream)
        .flatMap((c) => c.lines);

    await expect
      .poll(() => lines('stdout').filter((l) => l.startsWith('tick-')).length, { timeout: 15_000 })
      .toBeGreaterThan(5);
    expect(lines('stdout').slice(0, 3)).toEqual(['out-1', 'out-2', 'tick-1']);
    expect(lines('stderr')).toEqual(['err-1']);

    expect(await t.client.call('containers.logs.stop', { streamId })).toEqual({ stopped: true });
    await waitForEvent(t, 'containers.logs.end', (e) => e.streamId === streamId && e.reason === 'stopped');
    const countAtStop = chunks().length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(chunks().length).toBe(countAtStop);
    expect(await t.client.call('containers.logs.stop', { streamId })).toEqual({ stopped: false });
  });

  it("a log stream is its connection's: others neither see its lines nor stop it, and it ends with it", async () => {
    const { id } = await createContainer(
      'own',
      [],
      ['sh', '-c', 'while true; do echo mine; sleep 0.2; done'],
    );
    await t.client.call('containers.start', { hostId, containerId: id });
    const transport = createMemoryTransport(t.core.dispatcher, t.core.events);
    const other = createClient(transport);
    const received: ContainerLogsEvent[] = [];
    transport.listen((name, payload) => {
      if (name === 'containers.logs') received.push(payload as ContainerLogsEvent);
    });
    transport.ready?.();
    const ends: ContainerLogsEndEvent[] = [];
    const stopEnds = t.core.events.on('containers.logs.end', (event) => ends.push(event));

    const { streamId } = await other.call('containers.logs.start', {
      hostId,
      containerId: id,
      follow: true,
      tail: 10,
    });
    await expect
      .poll(() => received.filter((event) => event.streamId === streamId).length, SLOW)
      .toBeGreaterThan(2);
    // The test core's own connection sees none of it and cannot stop it.
    expect(
      t.events.some(
        (e) => e.name === 'containers.logs' && (e.payload as ContainerLogsEvent).streamId === streamId,
      ),
    ).toBe(false);
    expect(await t.client.call('containers.logs.stop', { streamId })).toEqual({ stopped: false });
    // Its connection goes (a window closed): the stream stops in the core.
    transport.close();
    await expect.poll(() => ends.find((end) => end.streamId === streamId)?.reason, SLOW).toBe('stopped');
    stopEnds();
  });

  it('gives a finite log (follow: false, tail, timestamps) and ends it', async () => {
    const { id } = await createContainer(
      'tail',
      [],
      ['sh', '-c', 'for i in 1 2 3 4 5; do echo line-$i; done'],
    );
    await t.client.call('containers.start', { hostId, containerId: id });
    await expect
      .poll(async () => (await dockerCli('dock1', ['inspect', '-f', '{{.State.Running}}', id])).trim(), {
        timeout: 10_000,
      })
      .toBe('false');
    const { streamId } = await t.client.call('containers.logs.start', {
      hostId,
      containerId: id,
      follow: false,
      tail: 2,
      timestamps: true,
    });
    await waitForEvent(t, 'containers.logs.end', (e) => e.streamId === streamId && e.reason === 'ended');
    const lines = t.events
      .filter((e) => e.name === 'containers.logs' && (e.payload as ContainerLogsEvent).streamId === streamId)
      .flatMap((e) => (e.payload as ContainerLogsEvent).lines);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\S+ line-4$/);
    expect(lines[1]).toMatch(/ line-5$/);
  });

  it('reuses SSH channels for sequential calls without piling up listeners on them', async () => {
    const engine = await t.core.docker.engine(hostId);
    for (let i = 0; i < 25; i += 1) await engine.docker.listContainers();
    const agent = (
      engine.docker.modem as unknown as { agent: { freeSockets: Record<string, NodeJS.EventEmitter[]> } }
    ).agent;
    const free = Object.values(agent.freeSockets).flat();
    expect(free.length).toBeGreaterThan(0);
    expect(free.length).toBeLessThan(25);
    for (const channel of free) expect(channel.listenerCount('error')).toBeLessThanOrEqual(2);
  });

  it('serves the poller API: listContainers and getImageDigests', async () => {
    const list = await t.core.docker.listContainers(hostId);
    const web1 = list.find((c) => c.name === 'web1');
    expect(web1).toBeDefined();
    const digests = await t.core.docker.getImageDigests(hostId, web1?.imageId ?? '');
    expect(digests).toContain(`${lab.images.web.repo}@${lab.images.web.tags['1.0.0']}`);
    await expect(t.core.docker.getImageDigests(hostId, `sha256:${'0'.repeat(64)}`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
