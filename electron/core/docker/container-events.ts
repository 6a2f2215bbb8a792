import type { ContainersChangedEvent } from '@shared/schemas/containers';
import type { Readable } from 'node:stream';
import type { Logger } from '../logging/logger';
import type { Timers } from '../util/timers';
import type { Engine } from './docker-engine';
import { LineSplitter } from './line-splitter';

interface DockerEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string };
  id?: string;
}

const RESTART_DELAY_MS = 1000;

/**
 * Follows one engine's event stream (container events only, no polling) and reports each change as
 * `containers.changed`. When the stream breaks it restarts from the last event it saw (`since`), so events
 * that happened during a short gap are replayed; after a reconnect it also reports a `resync`.
 * Health-check exec events (every few seconds per container) are not changes and are dropped.
 */
export class ContainerEventsWatcher {
  private stream: Readable | null = null;
  private restartTimer: unknown = null;
  private engine: Engine | null = null;
  private lastTimeNano: bigint | null = null;
  private running = false;
  private followed = false;

  constructor(
    private readonly hostId: string,
    private readonly emit: (event: ContainersChangedEvent) => void,
    private readonly logger: Logger,
    private readonly timers: Timers,
  ) {}

  /** Follows `engine` from now (or from the last seen event); `resync` announces a possible gap first. */
  start(engine: Engine, resync: boolean): void {
    this.stop();
    this.engine = engine;
    this.running = true;
    this.followed = true;
    if (resync) this.emit({ hostId: this.hostId, containerId: null, action: 'resync' });
    void this.open(engine);
  }

  stop(): void {
    this.running = false;
    this.engine = null;
    if (this.restartTimer !== null) this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.stream?.destroy();
    this.stream = null;
  }

  /** Whether this watcher followed an engine before (so a new start() follows a reconnect). */
  get hasFollowed(): boolean {
    return this.followed;
  }

  get active(): boolean {
    return this.running;
  }

  private async open(engine: Engine): Promise<void> {
    const since = this.lastTimeNano === null ? undefined : formatSince(this.lastTimeNano + 1n);
    let stream: Readable;
    try {
      stream = (await engine.docker.getEvents({
        filters: { type: ['container'] },
        // Docker takes `<seconds>.<nanos>` (a string); the typings only know whole seconds as a number.
        ...(since ? { since: since as unknown as number } : {}),
      })) as unknown as Readable;
    } catch (error) {
      this.logger.warn('docker event stream could not start', { hostId: this.hostId, error });
      this.scheduleRestart(engine);
      return;
    }
    if (!this.running || this.engine !== engine) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    const lines = new LineSplitter();
    stream.on('data', (chunk: Buffer) => lines.push(chunk).forEach((line) => this.handle(line)));
    const ended = () => {
      if (this.stream !== stream) return;
      this.stream = null;
      this.scheduleRestart(engine);
    };
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', (error) => {
      this.logger.warn('docker event stream broke', { hostId: this.hostId, error });
      ended();
    });
  }

  private handle(line: string): void {
    if (line.trim() === '') return;
    let event: DockerEvent;
    try {
      event = JSON.parse(line) as DockerEvent;
    } catch {
      return;
    }
    // timeNano exceeds a double's precision; read its digits from the text instead of the parsed number.
    const timeNano = /"timeNano":\s*(\d+)/.exec(line)?.[1];
    if (timeNano) this.lastTimeNano = BigInt(timeNano);
    const action = event.Action ?? '';
    if (event.Type !== 'container' || action.startsWith('exec_')) return;
    this.emit({
      hostId: this.hostId,
      containerId: event.Actor?.ID ?? event.id ?? null,
      action: action || null,
    });
  }

  /** Only while this engine is still the host's engine: a lost connection is handled by start() later. */
  private scheduleRestart(engine: Engine): void {
    if (!this.running || this.engine !== engine) return;
    if (this.restartTimer !== null) this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = this.timers.setTimeout(() => {
      this.restartTimer = null;
      if (this.running && this.engine === engine) void this.open(engine);
    }, RESTART_DELAY_MS);
  }
}

/** Docker's `since` accepts `<seconds>.<nanoseconds>`. */
export function formatSince(timeNano: bigint): string {
  const seconds = timeNano / 1_000_000_000n;
  const nanos = timeNano % 1_000_000_000n;
  return `${seconds}.${nanos.toString().padStart(9, '0')}`;
}
