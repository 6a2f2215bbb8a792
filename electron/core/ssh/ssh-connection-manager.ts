/**
 * One pooled SSH connection per saved host, and nothing but SSH: it dials on demand (pinned host keys, jump
 * hosts reached through their own managed connection), keeps the connection alive, reconnects with
 * exponential back-off after a loss or a retryable failure, refuses on-demand dials of held-down hosts, and
 * reports the SSH lifecycle: every state change (`SshStatus`), `up(hostId, client)` when a connection is ready
 * and `lost(hostId)` when it went away.
 *
 * What runs over the connection (the Docker engine) and the host status the user sees are not its business:
 * electron/core/connectivity/ builds those from these reports.
 *
 * The folder electron/core/ssh/ imports only shared/, ssh2 and the plain helpers of the core (logging/,
 * util/, fs/); never docker/, hosts/, connectivity/ or deploy/.
 */
import { AppError } from '@shared/rpc/errors';
import type { Client, ClientChannel } from 'ssh2';
import type { Logger } from '../logging/logger';
import { systemClock, type Clock } from '../util/clock';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { systemTimers, type Timers } from '../util/timers';
import type { ConnectFailure, SshFailureState } from './connect-errors';
import type { PresentedHostKey } from './host-key';
import { dialSsh, type DialOptions, type DialResult, type DialTarget } from './ssh-dial';

/** A saved host ready for one attempt: where, how, and through which jump host. */
export interface SshHost {
  id: string | null;
  name: string;
  jumpHostId: string | null;
  jumpHostName: string | null;
  target: DialTarget;
}

export interface TargetResolver {
  /** Reads the saved host and its secrets; throws AppError (NOT_FOUND, SECRET_BACKEND) when it cannot. */
  resolve(hostId: string): Promise<SshHost>;
}

/**
 * The SSH side of a host: `up` when the connection is ready; the failure states keep the names (and
 * sentences) the host status shows.
 */
export type SshStateName = 'connecting' | 'up' | SshFailureState | 'disconnected';

export interface SshStatus {
  hostId: string;
  state: SshStateName;
  reason: string;
  /** The key the server presented (host-key problems, and while up). */
  fingerprint?: string;
  /** The pinned key the server should have presented (host-key-mismatch). */
  expectedFingerprint?: string;
  /** When the next automatic attempt runs, ISO time. */
  nextRetryAt?: string;
  at: string;
}

/** Who wants to hear about SSH connections (the host connectivity service). */
export interface SshListener {
  /** Every state change, in order. */
  state?(status: SshStatus): void;
  /** A new connection is ready (first time or after a reconnect); called right after the `up` state. */
  up?(hostId: string, client: Client): void;
  /** The host's connection closed or was closed; its channels are gone. Called before the next state. */
  lost?(hostId: string): void;
}

/** Opens one SSH connection; tests pass a fake so reconnects are tested without a network. */
export type SshDialer = (target: DialTarget, options: DialOptions) => Promise<DialResult>;

export interface ConnectionManagerOptions {
  resolver: TargetResolver;
  logger: Logger;
  /** Defaults to dialSsh. */
  dial?: SshDialer;
  clock?: Clock;
  timers?: Timers;
  random?: () => number;
  backoff?: BackoffPolicy;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  homeDir?: string;
  /**
   * Why an on-demand call must not connect this host (the user disconnected it), or null. Only `connect`
   * overrides it; `acquire` answers UNAVAILABLE with the reason instead of dialling.
   */
  heldDown?: (hostId: string) => string | null;
}

interface Entry {
  hostId: string;
  status: SshStatus;
  client: Client | null;
  jumpHostId: string | null;
  /** The user (or a caller) wants this host connected: failures are retried, losses reconnected. */
  wanted: boolean;
  attempt: Promise<void> | null;
  /** Bumped by disconnect/reconnect so a late attempt result is dropped instead of installed. */
  epoch: number;
  retries: number;
  retryTimer: unknown;
}

/** Hops through jump hosts before we call it a loop (saving a host already refuses cycles). */
const MAX_JUMP_DEPTH = 8;

export class SshConnectionManager {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly backoff: BackoffPolicy;
  private readonly readyTimeoutMs: number;
  private readonly dial: SshDialer;
  private readonly listeners: SshListener[] = [];
  private closed = false;

  constructor(private readonly options: ConnectionManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
    this.dial = options.dial ?? dialSsh;
  }

  /** Hears every state change, new connection and loss from now on; returns the way to stop. */
  listen(listener: SshListener): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  status(hostId: string): SshStatus {
    return { ...this.entry(hostId).status };
  }

  /** Connects (if not already) and resolves with the state the attempt ended in. */
  async connect(hostId: string): Promise<SshStatus> {
    const entry = this.entry(hostId);
    entry.wanted = true;
    if (!this.isUsable(entry)) await this.ensureAttempt(entry, 0);
    return this.status(hostId);
  }

  /** The host's live SSH client, connecting first when needed; UNAVAILABLE with the state's reason otherwise. */
  async acquire(hostId: string, depth = 0): Promise<Client> {
    const entry = this.entry(hostId);
    if (!this.isUsable(entry)) {
      const held = this.options.heldDown?.(hostId);
      if (held) throw new AppError('UNAVAILABLE', held);
    }
    entry.wanted = true;
    if (!this.isUsable(entry)) await this.ensureAttempt(entry, depth);
    if (this.isUsable(entry) && entry.client) return entry.client;
    throw new AppError('UNAVAILABLE', entry.status.reason);
  }

  /** Whether the host is meant to stay connected (connected or acquired, not disconnected since). */
  isWanted(hostId: string): boolean {
    return this.entries.get(hostId)?.wanted ?? false;
  }

  /** The live client when the host is connected right now, without starting anything. */
  current(hostId: string): Client | null {
    const entry = this.entries.get(hostId);
    return entry && this.isUsable(entry) ? entry.client : null;
  }

  /** Closes the connection and stops retrying; hosts reached through this one are disconnected too. */
  disconnect(hostId: string, reason = 'Disconnected'): SshStatus {
    const entry = this.entry(hostId);
    entry.wanted = false;
    entry.epoch += 1;
    this.cancelRetry(entry);
    this.dropClient(entry);
    this.setState(entry, { state: 'disconnected', reason });
    for (const other of this.entries.values()) {
      if (other.jumpHostId === hostId && other.hostId !== hostId && other.status.state !== 'disconnected') {
        this.disconnect(other.hostId, `Disconnected because its jump host was disconnected`);
      }
    }
    return this.status(hostId);
  }

  /** Settings or trust changed: if the host is wanted, drop the connection and connect anew. */
  async reconnect(hostId: string): Promise<SshStatus> {
    const entry = this.entries.get(hostId);
    if (!entry?.wanted) return this.status(hostId);
    entry.epoch += 1;
    this.cancelRetry(entry);
    this.dropClient(entry);
    entry.retries = 0;
    return this.connect(hostId);
  }

  /** The host was deleted: close and forget it. */
  forget(hostId: string): void {
    const entry = this.entries.get(hostId);
    if (!entry) return;
    this.disconnect(hostId, 'Host removed');
    this.entries.delete(hostId);
  }

  /**
   * One connection that the pool does not keep: testConnection (saved or not yet saved hosts) and key scans.
   * A jump host is used through its managed connection. The caller ends the returned client.
   */
  async dialOnce(host: SshHost, options: { scanOnly?: boolean } = {}): Promise<DialResult> {
    const via = await this.viaJumpHost(host, 0);
    if ('failure' in via) return { ok: false, failure: via.failure, hostKey: null };
    return this.dial(host.target, {
      ...this.dialDefaults(),
      sock: via.sock,
      jumpName: via.jumpName,
      ...options,
    });
  }

  /** What key the saved host presents right now (no authentication). */
  async scanHostKey(hostId: string): Promise<{ key: PresentedHostKey } | { failure: ConnectFailure }> {
    const host = await this.options.resolver.resolve(hostId);
    const result = await this.dialOnce(host, { scanOnly: true });
    if (result.ok) {
      result.client.end();
      return { key: result.hostKey };
    }
    return result.hostKey ? { key: result.hostKey } : { failure: result.failure };
  }

  /** Closes every connection (app shutdown). */
  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) {
      entry.wanted = false;
      entry.epoch += 1;
      this.cancelRetry(entry);
      this.dropClient(entry);
    }
  }

  private entry(hostId: string): Entry {
    let entry = this.entries.get(hostId);
    if (!entry) {
      entry = {
        hostId,
        status: { hostId, state: 'disconnected', reason: 'Not connected', at: this.now() },
        client: null,
        jumpHostId: null,
        wanted: false,
        attempt: null,
        epoch: 0,
        retries: 0,
        retryTimer: null,
      };
      this.entries.set(hostId, entry);
    }
    return entry;
  }

  private isUsable(entry: Entry): boolean {
    return entry.client !== null && entry.status.state === 'up';
  }

  private ensureAttempt(entry: Entry, depth: number): Promise<void> {
    if (!entry.attempt) {
      this.cancelRetry(entry);
      entry.attempt = this.attempt(entry, depth).finally(() => (entry.attempt = null));
    }
    return entry.attempt;
  }

  private async attempt(entry: Entry, depth: number): Promise<void> {
    if (this.closed) return;
    const epoch = entry.epoch;
    let host: SshHost;
    try {
      host = await this.options.resolver.resolve(entry.hostId);
    } catch (error) {
      const reason = error instanceof AppError ? error.message : 'The host could not be read';
      const state = error instanceof AppError && error.code === 'NOT_FOUND' ? 'disconnected' : 'auth-failed';
      this.setState(entry, { state, reason });
      return;
    }
    entry.jumpHostId = host.jumpHostId;
    const endpoint = `${host.target.user}@${host.target.address}:${host.target.port}`;
    this.setState(entry, { state: 'connecting', reason: `Connecting to ${endpoint}` });

    const via = await this.viaJumpHost(host, depth);
    if ('failure' in via) return this.fail(entry, epoch, via.failure);
    const result = await this.dial(host.target, {
      ...this.dialDefaults(),
      sock: via.sock,
      jumpName: via.jumpName,
    });
    if (epoch !== entry.epoch || this.closed) {
      // Disconnected or reconfigured while we were connecting: this result belongs to nobody.
      if (result.ok) result.client.end();
      return;
    }
    if (!result.ok)
      return this.fail(entry, epoch, result.failure, result.hostKey, result.expectedFingerprint);

    this.install(entry, result.client, result.hostKey);
  }

  private async viaJumpHost(
    host: SshHost,
    depth: number,
  ): Promise<{ sock?: ClientChannel; jumpName?: string } | { failure: ConnectFailure }> {
    if (!host.jumpHostId) return {};
    if (depth >= MAX_JUMP_DEPTH || host.jumpHostId === host.id) {
      return { failure: { state: 'unreachable', reason: 'The chain of jump hosts loops', retryable: false } };
    }
    const jumpName = host.jumpHostName ?? host.jumpHostId;
    let jumpClient: Client;
    try {
      jumpClient = await this.acquire(host.jumpHostId, depth + 1);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return {
        failure: {
          state: 'unreachable',
          reason: `The jump host ${jumpName} is not available: ${why}`,
          retryable: true,
        },
      };
    }
    const { address, port } = host.target;
    return new Promise((resolve) => {
      try {
        jumpClient.forwardOut('127.0.0.1', 0, address, port, (error, stream) => {
          if (error) {
            const reason = `The jump host ${jumpName} could not open a connection to ${address}:${port} (${error.message})`;
            resolve({ failure: { state: 'unreachable', reason, retryable: true } });
          } else resolve({ sock: stream, jumpName });
        });
      } catch (error) {
        const reason = `The jump host ${jumpName} is not connected (${(error as Error).message})`;
        resolve({ failure: { state: 'unreachable', reason, retryable: true } });
      }
    });
  }

  /** A new live client: watch for its end, make it the host's connection, and tell the listeners. */
  private install(entry: Entry, client: Client, hostKey: PresentedHostKey): void {
    entry.client = client;
    entry.retries = 0;
    client.on('error', (error) => {
      // After `ready`, errors are followed by `close`; log the kind, the close handler reconnects.
      this.options.logger.warn('ssh connection error', { hostId: entry.hostId, error: error.message });
    });
    client.once('close', () => this.onClosed(entry, client));
    this.setState(entry, { state: 'up', reason: 'SSH connected', fingerprint: hostKey.fingerprint });
    // A listener may have dropped the connection from its state handler; only a live one is announced.
    if (entry.client === client) this.notify((listener) => listener.up?.(entry.hostId, client));
  }

  private fail(
    entry: Entry,
    epoch: number,
    failure: ConnectFailure,
    hostKey?: PresentedHostKey | null,
    expectedFingerprint?: string,
  ): void {
    if (epoch !== entry.epoch) return;
    const delay = failure.retryable && entry.wanted ? this.nextDelay(entry) : null;
    this.setState(entry, {
      state: failure.state,
      // The reason is a fixed sentence; when the next attempt comes is `nextRetryAt` (a countdown in the
      // text would be stale the moment it is shown, and would change the reason on every retry).
      reason: delay === null ? failure.reason : `${failure.reason}; retrying automatically`,
      ...(hostKey ? { fingerprint: hostKey.fingerprint } : {}),
      ...(expectedFingerprint ? { expectedFingerprint } : {}),
      ...this.retryField(delay),
    });
    if (delay !== null) this.scheduleRetry(entry, delay, () => this.ensureAttempt(entry, 0));
  }

  private onClosed(entry: Entry, client: Client): void {
    if (entry.client !== client) return;
    entry.client = null;
    this.notify((listener) => listener.lost?.(entry.hostId));
    if (!entry.wanted || this.closed) {
      this.setState(entry, { state: 'disconnected', reason: 'Connection closed' });
      return;
    }
    const delay = this.nextDelay(entry);
    this.setState(entry, {
      state: 'connecting',
      reason: 'Connection lost; reconnecting automatically',
      ...this.retryField(delay),
    });
    this.scheduleRetry(entry, delay, () => this.ensureAttempt(entry, 0));
  }

  private nextDelay(entry: Entry): number {
    const delay = backoffDelay(entry.retries, this.backoff, this.options.random);
    entry.retries += 1;
    return delay;
  }

  private retryField(delay: number | null): { nextRetryAt?: string } {
    return delay === null ? {} : { nextRetryAt: new Date(this.clock.now().getTime() + delay).toISOString() };
  }

  private scheduleRetry(entry: Entry, delay: number, run: () => Promise<unknown>): void {
    this.cancelRetry(entry);
    const epoch = entry.epoch;
    entry.retryTimer = this.timers.setTimeout(() => {
      entry.retryTimer = null;
      if (epoch !== entry.epoch || !entry.wanted || this.closed) return;
      run().catch((error: unknown) =>
        this.options.logger.warn('reconnect attempt failed', { hostId: entry.hostId, error }),
      );
    }, delay);
  }

  private cancelRetry(entry: Entry): void {
    if (entry.retryTimer !== null) this.timers.clearTimeout(entry.retryTimer);
    entry.retryTimer = null;
  }

  private dropClient(entry: Entry): void {
    const client = entry.client;
    entry.client = null;
    if (client) {
      this.notify((listener) => listener.lost?.(entry.hostId));
      client.end();
    }
  }

  private setState(entry: Entry, next: Omit<SshStatus, 'hostId' | 'at'>): void {
    entry.status = { hostId: entry.hostId, ...next, at: this.now() };
    this.options.logger.info('ssh state', { hostId: entry.hostId, state: next.state, reason: next.reason });
    const status = entry.status;
    this.notify((listener) => listener.state?.({ ...status }));
  }

  /** A listener that throws must not break the manager's bookkeeping (or the other listeners). */
  private notify(call: (listener: SshListener) => void): void {
    for (const listener of [...this.listeners]) {
      try {
        call(listener);
      } catch (error) {
        this.options.logger.error('ssh listener failed', { error });
      }
    }
  }

  private dialDefaults() {
    return {
      readyTimeoutMs: this.readyTimeoutMs,
      keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
      homeDir: this.options.homeDir,
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
