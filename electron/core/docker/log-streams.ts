/**
 * Streamed container logs: `start` checks the container and returns a streamId at once; lines then arrive
 * as `containers.logs` events in batches (per stream, in order) until the log ends, `stop` is called, or
 * the host's connection goes away, each ending with one `containers.logs.end`. A stream belongs to the
 * connection that started it: its events go there only, only it can stop it, and it ends when that goes.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '@shared/rpc/errors';
import type { ContainerLogsEndEvent, ContainerLogsEvent, LogsStartInput } from '@shared/schemas/containers';
import type { Logger } from '../logging/logger';
import type { Engine } from './docker-engine';
import { dockerError } from './docker-errors';
import { LineSplitter } from './line-splitter';

type StreamName = ContainerLogsEvent['stream'];

export interface LogStreamsDeps {
  engine(hostId: string): Promise<Engine>;
  /** `owner`: the connection that started the stream (null: everyone). */
  emitLines(event: ContainerLogsEvent, owner: string | null): void;
  emitEnd(event: ContainerLogsEndEvent, owner: string | null): void;
  logger: Logger;
  /** How long lines wait to be sent together; one event per line would flood the renderer. */
  batchMs?: number;
  batchMaxLines?: number;
}

interface Subscription {
  id: string;
  hostId: string;
  owner: string | null;
  input: LogsStartInput;
  tty: boolean;
  source: Readable | null;
  /** Bumped when a source is replaced: events of an old source are ignored. */
  generation: number;
  /** A following stream whose connection dropped: it resumes when the host is back. */
  suspended: boolean;
  /** Unix seconds of the last data received, where a resumed stream picks up. */
  lastDataAt: number | null;
  finished: boolean;
  splitters: Record<StreamName, LineSplitter>;
  pending: { stream: StreamName; lines: string[] } | null;
  timer: NodeJS.Timeout | null;
}

/** Live subscriptions are capped so a renderer bug cannot open channels without end. */
const MAX_SUBSCRIPTIONS = 64;

export class LogStreams {
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(private readonly deps: LogStreamsDeps) {}

  async start(input: LogsStartInput, owner: string | null = null): Promise<{ streamId: string }> {
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) {
      throw new AppError('CONFLICT', `Too many open log streams (${MAX_SUBSCRIPTIONS}); stop some first`);
    }
    const engine = await this.deps.engine(input.hostId);
    const container = engine.docker.getContainer(input.containerId);
    let tty: boolean;
    try {
      tty = Boolean((await container.inspect()).Config?.Tty);
    } catch (error) {
      throw dockerError(error, `Container ${input.containerId}`);
    }
    const subscription: Subscription = {
      id: randomUUID(),
      hostId: input.hostId,
      owner,
      input,
      tty,
      source: null,
      generation: 0,
      suspended: false,
      lastDataAt: null,
      finished: false,
      splitters: { stdout: new LineSplitter(), stderr: new LineSplitter() },
      pending: null,
      timer: null,
    };
    this.subscriptions.set(subscription.id, subscription);
    // The caller gets the streamId before the first line: lines start flowing on a later turn.
    setImmediate(() => void this.open(subscription, engine, input));
    return { streamId: subscription.id };
  }

  /** False for an unknown stream, and for another connection's (as if it did not exist). */
  stop(streamId: string, owner: string | null = null): boolean {
    const subscription = this.subscriptions.get(streamId);
    if (!subscription) return false;
    if (subscription.owner !== null && owner !== null && subscription.owner !== owner) return false;
    this.finish(subscription, 'stopped', null);
    return true;
  }

  /** The connection went away (a closed window, a dropped WebSocket): its streams stop. */
  stopOwner(owner: string): void {
    for (const subscription of [...this.subscriptions.values()]) {
      if (subscription.owner === owner) this.finish(subscription, 'stopped', null);
    }
  }

  /** The host's connection is gone: its streams end with an error that says so. */
  endHost(hostId: string, message: string): void {
    for (const subscription of [...this.subscriptions.values()]) {
      if (subscription.hostId === hostId) this.finish(subscription, 'error', message);
    }
  }

  /**
   * The host's connection dropped: following streams wait for it to come back (resumeHost) instead of
   * ending, so a viewer left open keeps showing the log; finite reads end with the reason as before.
   */
  suspendHost(hostId: string, message: string): void {
    for (const subscription of [...this.subscriptions.values()]) {
      if (subscription.hostId !== hostId) continue;
      if (!subscription.input.follow) {
        this.finish(subscription, 'error', message);
        continue;
      }
      for (const stream of ['stdout', 'stderr'] as const)
        this.queue(subscription, stream, subscription.splitters[stream].flush());
      this.flush(subscription);
      subscription.generation += 1;
      subscription.source?.destroy();
      subscription.source = null;
      subscription.suspended = true;
    }
  }

  /**
   * The host is connected again: suspended streams reopen from the second of their last data. Lines of that
   * very second may show twice; none are lost (Docker's `since` has one-second resolution).
   */
  resumeHost(hostId: string): void {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.hostId !== hostId || !subscription.suspended) continue;
      subscription.suspended = false;
      const since = subscription.lastDataAt ?? Math.floor(Date.now() / 1000);
      void this.deps
        .engine(hostId)
        .then((engine) => this.open(subscription, engine, { ...subscription.input, tail: 'all' }, since))
        .catch((error: unknown) =>
          this.finish(subscription, 'error', `The log could not be resumed: ${(error as Error).message}`),
        );
    }
  }

  stopAll(): void {
    for (const subscription of [...this.subscriptions.values()]) this.finish(subscription, 'stopped', null);
  }

  private async open(
    subscription: Subscription,
    engine: Engine,
    input: LogsStartInput,
    since?: number,
  ): Promise<void> {
    const { tty } = subscription;
    const generation = subscription.generation;
    let source: Readable;
    try {
      const options = {
        follow: input.follow,
        stdout: true,
        stderr: true,
        tail: input.tail,
        timestamps: input.timestamps,
        ...(since === undefined ? {} : { since }),
      };
      // dockerode answers a stream when following and a Buffer otherwise; treat both as a stream.
      const result = (await engine.docker.getContainer(input.containerId).logs(options as never)) as unknown;
      source = Buffer.isBuffer(result) ? Readable.from([result]) : (result as Readable);
    } catch (error) {
      this.finish(subscription, 'error', dockerError(error, `Logs of ${input.containerId}`).message);
      return;
    }
    if (subscription.finished || subscription.generation !== generation) {
      source.destroy();
      return;
    }
    subscription.source = source;
    // Events of a source that was replaced (suspended, then resumed) must not end the new one.
    const current = () => subscription.generation === generation;
    source.on('data', () => {
      if (current()) subscription.lastDataAt = Math.floor(Date.now() / 1000);
    });
    if (tty) {
      source.on('data', (chunk: Buffer) => {
        if (current()) this.push(subscription, 'stdout', chunk);
      });
    } else {
      engine.docker.modem.demuxStream(
        source,
        this.sink(subscription, 'stdout', current),
        this.sink(subscription, 'stderr', current),
      );
    }
    const ended = () => {
      if (current() && !subscription.suspended) this.finish(subscription, 'ended', null);
    };
    source.on('end', ended);
    source.on('close', ended);
    source.on('error', (error) => {
      if (current() && !subscription.suspended)
        this.finish(subscription, 'error', `The log stream broke: ${error.message}`);
    });
  }

  /**
   * demuxStream only calls `write(chunk)`, synchronously inside the source's 'data' handler; a plain object
   * (not a Writable, which may defer writes) keeps every line ahead of the source's 'end'.
   */
  private sink(
    subscription: Subscription,
    stream: StreamName,
    current: () => boolean,
  ): NodeJS.WritableStream {
    const writer = {
      write: (chunk: Buffer) => {
        if (current()) this.push(subscription, stream, chunk);
        return true;
      },
    };
    return writer as unknown as NodeJS.WritableStream;
  }

  private push(subscription: Subscription, stream: StreamName, chunk: Buffer): void {
    if (subscription.finished) return;
    this.queue(subscription, stream, subscription.splitters[stream].push(chunk));
  }

  /** Lines of one stream collect into one batch; a line of the other stream sends the batch first (order). */
  private queue(subscription: Subscription, stream: StreamName, lines: string[]): void {
    if (lines.length === 0) return;
    if (subscription.pending && subscription.pending.stream !== stream) this.flush(subscription);
    subscription.pending ??= { stream, lines: [] };
    subscription.pending.lines.push(...lines);
    if (subscription.pending.lines.length >= (this.deps.batchMaxLines ?? 500)) this.flush(subscription);
    else subscription.timer ??= setTimeout(() => this.flush(subscription), this.deps.batchMs ?? 50);
  }

  private flush(subscription: Subscription): void {
    if (subscription.timer) clearTimeout(subscription.timer);
    subscription.timer = null;
    const pending = subscription.pending;
    subscription.pending = null;
    if (pending && pending.lines.length > 0) {
      this.deps.emitLines(
        { streamId: subscription.id, stream: pending.stream, lines: pending.lines },
        subscription.owner,
      );
    }
  }

  private finish(
    subscription: Subscription,
    reason: ContainerLogsEndEvent['reason'],
    message: string | null,
  ): void {
    if (subscription.finished) return;
    if (reason !== 'stopped') {
      for (const stream of ['stdout', 'stderr'] as const)
        this.queue(subscription, stream, subscription.splitters[stream].flush());
    }
    this.flush(subscription);
    subscription.finished = true;
    this.subscriptions.delete(subscription.id);
    subscription.source?.destroy();
    this.deps.emitEnd({ streamId: subscription.id, reason, message }, subscription.owner);
  }
}
