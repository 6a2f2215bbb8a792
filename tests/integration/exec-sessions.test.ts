import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@shared/rpc/client';
import { ContractError } from '@shared/rpc/errors';
import type { ExecEndEvent, ExecOutputEvent } from '@shared/schemas/exec';
import { createMemoryTransport } from '../../electron/core/api/memory-transport';
import { dockerCli } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, waitForEvent, type TestCore } from './ssh-helpers';

const lab = inject('lab');
const image = `${lab.images.web.repo}:1.0.0`;
let t: TestCore;
let hostId: string;
let container: string;

/** Deadlines against a hang, not speed targets. */
const SLOW = { timeout: 60_000, interval: 100 };

function uniqueExecName(): string {
  return `exec-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Everything the session printed so far, decoded as the terminal would. */
function output(sessionId: string): string {
  const bytes = t.events
    .filter((e) => e.name === 'exec.output' && (e.payload as ExecOutputEvent).sessionId === sessionId)
    .map((e) => Buffer.from((e.payload as ExecOutputEvent).data, 'base64'));
  return Buffer.concat(bytes).toString('utf8');
}

/** The shells running in the test container (`docker top`, straight from the engine). */
async function shellsRunning(): Promise<number> {
  const top = await dockerCli('dock1', ['top', container, '-o', 'pid,args']);
  return top
    .split('\n')
    .slice(1)
    .filter((line) => /\b(\/bin\/)?sh\s*$/.test(line.trim())).length;
}

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
  container = uniqueExecName();
  await dockerCli('dock1', ['run', '-d', '--name', container, image, 'sleep', '100000']);
});
afterAll(async () => {
  if (container) await dockerCli('dock1', ['rm', '-f', container]).catch(() => undefined);
  await t?.close();
});

// Generous per-test deadlines: a loaded lab may take many seconds per round trip.
describe('exec sessions over the SSH tunnel', { timeout: 240_000 }, () => {
  it('runs an interactive sh: input echoes back, resize reaches the TTY, exit ends with code 0', async () => {
    const { sessionId } = await t.client.call('exec.start', {
      hostId,
      containerId: container,
      shell: 'sh',
      cols: 100,
      rows: 30,
    });
    const token = `hello-${Math.random().toString(36).slice(2, 10)}`;
    // The stream is attached on a later turn: input is accepted once it is.
    await expect
      .poll(async () => {
        try {
          await t.client.call('exec.input', { sessionId, data: `echo ${token}-$((40+2))\n` });
          return true;
        } catch (error) {
          if (error instanceof ContractError && error.code === 'CONFLICT') return false;
          throw error;
        }
      }, SLOW)
      .toBe(true);
    await expect.poll(() => output(sessionId).includes(`${token}-42`), SLOW).toBe(true);

    // The TTY's size follows the terminal (the initial size came with exec.start).
    await t.client.call('exec.resize', { sessionId, cols: 123, rows: 41 });
    await t.client.call('exec.input', { sessionId, data: 'stty size\n' });
    await expect.poll(() => output(sessionId).includes('41 123'), SLOW).toBe(true);

    // UTF-8 survives the trip (and base64 keeps the bytes exact).
    await t.client.call('exec.input', { sessionId, data: 'printf "gr\\303\\274n-%s\\n" ok\n' });
    await expect.poll(() => output(sessionId).includes('grün-ok'), SLOW).toBe(true);

    await t.client.call('exec.input', { sessionId, data: 'exit 0\n' });
    const end = await waitForEvent(t, 'exec.end', (e) => e.sessionId === sessionId);
    expect(end).toEqual({ sessionId, reason: 'exited', exitCode: 0, message: null });
    await expect(t.client.call('exec.input', { sessionId, data: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('ends with a clear message when the shell is not in the image (bash on busybox)', async () => {
    const { sessionId } = await t.client.call('exec.start', {
      hostId,
      containerId: container,
      shell: 'bash',
      cols: 80,
      rows: 24,
    });
    const end = await waitForEvent(t, 'exec.end', (e) => e.sessionId === sessionId);
    expect(end.reason).toBe('error');
    expect(end.message).toMatch(/bash could not be started/);
  });

  it('answers NOT_FOUND for an unknown session, host or container, and refuses bad input', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expect(t.client.call('exec.input', { sessionId: unknown, data: 'ls\n' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      t.client.call('exec.resize', { sessionId: unknown, cols: 80, rows: 24 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.client.call('exec.close', { sessionId: unknown })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      t.client.call('exec.start', { hostId: unknown, containerId: container, cols: 80, rows: 24 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.client.call('exec.start', { hostId, containerId: uniqueExecName(), cols: 80, rows: 24 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.client.call('exec.start', {
        hostId,
        containerId: container,
        user: 'root; rm -rf /',
        cols: 80,
        rows: 24,
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      t.client.call('exec.start', { hostId, containerId: container, cols: 80, rows: 24, extra: 1 } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('closes on request and when the connection that opened it goes away, leaving no shell behind', async () => {
    const before = await shellsRunning();
    // A second connection (another window) opens a shell and then goes away.
    const transport = createMemoryTransport(t.core.dispatcher, t.core.events);
    const other = createClient(transport);
    const otherOutput: Buffer[] = [];
    transport.listen((name, payload) => {
      if (name === 'exec.output') otherOutput.push(Buffer.from((payload as ExecOutputEvent).data, 'base64'));
    });
    transport.ready?.();
    // The core's own listeners see every event; transports only what is theirs.
    const ends: ExecEndEvent[] = [];
    const stopEnds = t.core.events.on('exec.end', (event) => ends.push(event));
    const { sessionId } = await other.call('exec.start', {
      hostId,
      containerId: container,
      cols: 80,
      rows: 24,
    });
    await expect.poll(() => shellsRunning(), SLOW).toBe(before + 1);
    const secret = `only-for-its-window-${Math.random().toString(36).slice(2, 8)}`;
    await expect
      .poll(async () => {
        await other.call('exec.input', { sessionId, data: `echo ${secret}\n` }).catch(() => undefined);
        return Buffer.concat(otherOutput).toString('utf8').includes(secret);
      }, SLOW)
      .toBe(true);
    // Another connection cannot drive it, and neither sees its output live nor can replay it.
    await expect(t.client.call('exec.input', { sessionId, data: 'ls\n' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(output(sessionId)).toBe('');
    const replay = await t.client.call('events.since', { after: 0 });
    expect(replay.events.filter((entry) => entry.event.startsWith('exec.'))).toEqual([]);
    expect(JSON.stringify(replay.events)).not.toContain(Buffer.from(secret).toString('base64').slice(0, 12));

    transport.close();
    await expect.poll(() => ends.find((end) => end.sessionId === sessionId)?.reason, SLOW).toBe('closed');
    stopEnds();
    expect(
      t.events.some((e) => e.name === 'exec.end' && (e.payload as ExecEndEvent).sessionId === sessionId),
    ).toBe(false);
    await expect.poll(() => shellsRunning(), SLOW).toBe(before);

    // exec.close by the owner.
    const second = await t.client.call('exec.start', { hostId, containerId: container, cols: 80, rows: 24 });
    await expect.poll(() => shellsRunning(), SLOW).toBe(before + 1);
    // A program in the foreground (it ignores the EOF a closing shell gets) must not outlive the session.
    await expect
      .poll(async () => {
        await t.client
          .call('exec.input', { sessionId: second.sessionId, data: 'sleep 4242\n' })
          .catch(() => undefined);
        return (await dockerCli('dock1', ['top', container])).includes('sleep 4242');
      }, SLOW)
      .toBe(true);
    expect(await t.client.call('exec.close', { sessionId: second.sessionId })).toEqual({ closed: true });
    expect(await waitForEvent(t, 'exec.end', (e) => e.sessionId === second.sessionId)).toMatchObject({
      reason: 'closed',
      exitCode: null,
    });
    await expect.poll(() => shellsRunning(), SLOW).toBe(before);
    await expect
      .poll(async () => (await dockerCli('dock1', ['top', container])).includes('sleep 4242'), SLOW)
      .toBe(false);
    expect(t.core.docker.exec.size).toBe(0);
  });
});
