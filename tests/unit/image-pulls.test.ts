/**
 * Image pulls without an engine: a scripted dockerode stands in, so layer events, the end of a pull, a
 * failure reported inside the stream, cancel, and where registry logins go are checked exactly.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PullProgressEvent } from '@shared/schemas/resources';
import type { Engine } from '../../electron/core/docker/docker-engine';
import { ImagePulls } from '../../electron/core/docker/image-pulls';
import { silentLogger } from '../../electron/core/logging/logger';

type Message = Record<string, unknown>;

/** A dockerode whose pull answers a stream the test writes progress messages into. */
function fakeEngine() {
  const stream = new PassThrough();
  let onDone: ((error: Error | null) => void) | null = null;
  let onProgress: ((message: Message) => void) | null = null;
  const pulls: Array<{ reference: string; options: unknown }> = [];
  const docker = {
    pull: (reference: string, options: unknown) => {
      pulls.push({ reference, options });
      return Promise.resolve(stream);
    },
    modem: {
      followProgress: (_s: unknown, done: (error: Error | null) => void, progress: (m: Message) => void) => {
        onDone = done;
        onProgress = progress;
      },
    },
  };
  return {
    engine: { docker, transport: 'streamlocal', close: () => undefined } as unknown as Engine,
    pulls,
    stream,
    send: (message: Message) => onProgress?.(message),
    end: (error: Error | null = null) => onDone?.(error),
  };
}

function setup(credentials: { username: string; password: string } | null = null) {
  const fake = fakeEngine();
  const events: PullProgressEvent[] = [];
  const pulls = new ImagePulls({
    engine: () => Promise.resolve(fake.engine),
    registryAccess: () => Promise.resolve({ insecure: false, credentials }),
    emit: (event) => events.push(event),
    logger: silentLogger,
    throttleMs: 0,
  });
  return { fake, events, pulls };
}

describe('image pulls', () => {
  it('reports each layer (not the tag line) and ends with done', async () => {
    const { fake, events, pulls } = setup();
    const { pullId } = await pulls.start('h1', 'registry.example.com/team/app:1.0');
    fake.send({ id: '1.0', status: 'Pulling from team/app' });
    fake.send({ id: 'aaa', status: 'Downloading', progressDetail: { current: 5, total: 10 } });
    fake.send({ id: 'bbb', status: 'Already exists' });
    fake.send({ id: 'aaa', status: 'Pull complete' });
    fake.end();
    const last = events.at(-1);
    expect(last).toMatchObject({ hostId: 'h1', pullId, done: true, error: null });
    expect(last?.layers).toEqual([
      { id: 'aaa', status: 'Pull complete', current: 0, total: 0 },
      { id: 'bbb', status: 'Already exists', current: 0, total: 0 },
    ]);
    expect(events[0]?.layers).toEqual([{ id: 'aaa', status: 'Downloading', current: 5, total: 10 }]);
    expect(pulls.cancel(pullId)).toBe(false);
  });

  it('ends with the error Docker wrote into the stream', async () => {
    const { fake, events, pulls } = setup();
    await pulls.start('h1', 'app:1');
    fake.send({ error: 'no space left on device' });
    fake.end();
    expect(events.at(-1)).toMatchObject({ done: true, error: 'no space left on device' });
  });

  it('cancels: the stream closes and the last event says so, once', async () => {
    const { fake, events, pulls } = setup();
    const { pullId } = await pulls.start('h1', 'app:1');
    fake.send({ id: 'aaa', status: 'Downloading', progressDetail: { current: 1, total: 10 } });
    expect(pulls.cancel(pullId)).toBe(true);
    expect(fake.stream.destroyed).toBe(true);
    fake.end(new Error('aborted'));
    expect(events.filter((event) => event.done)).toEqual([
      expect.objectContaining({ pullId, done: true, error: 'Cancelled' }),
    ]);
    expect(pulls.cancel(pullId)).toBe(false);
  });

  it('hands a saved login to Docker for its registry only, never in an event', async () => {
    const { fake, events, pulls } = setup({ username: 'me', password: 's3cret-pw' });
    await pulls.start('h1', 'registry.example.com:5000/team/app:1');
    fake.end();
    expect(fake.pulls[0]?.options).toEqual({
      authconfig: { username: 'me', password: 's3cret-pw', serveraddress: 'registry.example.com:5000' },
    });
    expect(JSON.stringify(events)).not.toContain('s3cret-pw');
  });

  it('refuses a malformed reference before reaching the engine', async () => {
    const { fake, pulls } = setup();
    await expect(pulls.start('h1', 'Team/App:1')).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(fake.pulls).toEqual([]);
  });
});
