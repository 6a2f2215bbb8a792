/**
 * One pooled SSH connection per saved host: connects on demand, keeps it alive, reconnects with
 * exponential back-off after a loss, reaches hosts behind a jump host through the jump host's own managed
 * connection, and reports every state change (hosts.state) with a sentence the user can act on.
 *
 * Users of the connection (the Docker layer) call `acquire(hostId)` for the ssh2 Client. After each new
 * SSH connection the manager runs the readiness probe (the Docker check) before it says `connected`.
 */
import { AppError } from '@shared/rpc/errors';
import {
  SSH_ONLY_REASON,
  type DockerTransport,
  type HostStateName,
  type HostStatus,
} from '@shared/schemas/hosts';
import type { Client, ClientChannel } from 'ssh2';
import type { Logger } from '../logging/logger';
import { systemClock, type Clock } from '../util/clock';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { systemTimers, type Timers } from '../util/timers';
import type { ConnectFailure } from './connect-errors';
import type { PresentedHostKey } from './host-key';
import { dialSsh, type DialResult, type DialTarget } from './ssh-dial';

/** A saved host ready for one attempt: where, how, and through which jump host. */
export interface ResolvedHost {
  id: string | null;
  name: string;
  jumpHostId: string | null;
  jumpHostName: string | null;
  dockerSocket: string;
  /** False for an SSH-only host: no Docker probe, `connected` as soon as SSH is up. */
  dockerEnabled: boolean;
  target: DialTarget;
}

export interface TargetResolver {
  /** Reads the saved host and its secrets; throws AppError (NOT_FOUND, SECRET_BACKEND) when it cannot. */
  resolve(hostId: string): Promise<ResolvedHost>;
}

export type ProbeResult = { ok: true; transport: DockerTransport } | { ok: false; reason: string };

/** What the Docker layer plugs in: checked after every new SSH connection, told when one goes away. */
export interface ConnectionHooks {
  probe(hostId: string, client: Client, dockerSocket: string): Promise<ProbeResult>;
  /** The host became `connected` (first time or after a reconnect). */
  connected?(hostId: string): void;
  /** The SSH connection of the host closed or was closed; its channels are gone. */
  lost?(hostId: string): void;
}

export interface ConnectionManagerOptions {
  resolver: TargetResolver;
  hooks?: ConnectionHooks;
  onState?: (status: HostStatus) => void;
  logger: Logger;
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
  status: HostStatus;
  client: Client | null;
  /** Set once `connected`/`docker-unavailable`: the SSH part is up. */
  dockerSocket: string;
  dockerEnabled: boolean;
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
const USABLE: ReadonlySet<HostStateName> = new Set(['connected', 'docker-unavailable']);

export class SshConnectionManager {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly backoff: BackoffPolicy;
  private readonly readyTimeoutMs: number;
  private hooks: ConnectionHooks | undefined;
  private closed = false;

  constructor(private readonly options: ConnectionManagerOptions) {
    this.clock = options.clock ?? systemClock;
    this.timers = options.timers ?? systemTimers;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
    this.hooks = options.hooks;
  }

  /** The Docker layer registers itself after construction (it needs the manager too). */
  setHooks(hooks: ConnectionHooks): void {
    this.hooks = hooks;
  }

  status(hostId: string): HostStatus {
    return { ...this.entry(hostId).status };
  }

  /** Connects (if not already) and resolves with the state the attempt ended in. */
  async connect(hostId: string): Promise<HostStatus> {
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

  /** The live client when the host is connected right now, without starting anything. */
  current(hostId: string): Client | null {
    const entry = this.entries.get(hostId);
    return entry && this.isUsable(entry) ? entry.client : null;
  }

  /** Closes the connection and stops retrying; hosts reached through this one are disconnected too. */
  disconnect(hostId: string, reason = 'Disconnected'): HostStatus {
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
  async reconnect(hostId: string): Promise<HostStatus> {
    const entry = this.entries.get(hostId);
    if (!entry?.wanted) return this.status(hostId);
    entry.epoch += 1;
    this.cancelRetry(entry);
    this.dropClient(entry);
    entry.retries = 0;
    return this.connect(hostId);
  }

  /** Runs the readiness probe again now (e.g. a Docker call found the engine missing). */
  async reprobe(hostId: string): Promise<HostStatus> {
    const entry = this.entry(hostId);
    if (entry.client && entry.status.state === 'docker-unavailable' && !entry.attempt) {
      this.cancelRetry(entry);
      entry.attempt = this.probe(entry, entry.client).finally(() => (entry.attempt = null));
      await entry.attempt;
    }
    return this.status(hostId);
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
  async dialOnce(host: ResolvedHost, options: { scanOnly?: boolean } = {}): Promise<DialResult> {
    const via = await this.viaJumpHost(host, 0);
    if ('failure' in via) return { ok: false, failure: via.failure, hostKey: null };
    return dialSsh(host.target, {
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
        dockerSocket: '',
        dockerEnabled: true,
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
    return entry.client !== null && USABLE.has(entry.status.state);
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
    let host: ResolvedHost;
    try {
      host = await this.options.resolver.resolve(entry.hostId);
    } catch (error) {
      const reason = error instanceof AppError ? error.message : 'The host could not be read';
      const state = error instanceof AppError && error.code === 'NOT_FOUND' ? 'disconnected' : 'auth-failed';
      this.setState(entry, { state, reason });
      return;
    }
    entry.jumpHostId = host.jumpHostId;
    entry.dockerSocket = host.dockerSocket;
    entry.dockerEnabled = host.dockerEnabled;
    const endpoint = `${host.target.user}@${host.target.address}:${host.target.port}`;
    this.setState(entry, { state: 'connecting', reason: `Connecting to ${endpoint}` });

    const via = await this.viaJumpHost(host, depth);
    if ('failure' in via) return this.fail(entry, epoch, via.failure);
    const result = await dialSsh(host.target, {
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
    await this.probe(entry, result.client);
  }

  private async viaJumpHost(
    host: ResolvedHost,
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

  /** A new live client: watch for its end, and make it the host's connection. */
  private install(entry: Entry, client: Client, hostKey: PresentedHostKey): void {
    entry.client = client;
    entry.retries = 0;
    entry.status = { ...entry.status, fingerprint: hostKey.fingerprint };
    client.on('error', (error) => {
      // After `ready`, errors are followed by `close`; log the kind, the close handler reconnects.
      this.options.logger.warn('ssh connection error', { hostId: entry.hostId, error: error.message });
    });
    client.once('close', () => this.onClosed(entry, client));
  }

  private async probe(entry: Entry, client: Client): Promise<void> {
    const epoch = entry.epoch;
    const fingerprint = entry.status.fingerprint;
    if (!entry.dockerEnabled) {
      // A jump host without an engine: SSH is all it offers, so SSH being up is `connected`, not a failure.
      this.setState(entry, { state: 'connected', reason: SSH_ONLY_REASON, fingerprint });
      return;
    }
    this.setState(entry, {
      state: 'connecting',
      reason: 'SSH connected; checking the Docker engine',
      fingerprint,
    });
    const result: ProbeResult = this.hooks
      ? await this.hooks.probe(entry.hostId, client, entry.dockerSocket).catch((error: unknown) => ({
          ok: false as const,
          reason: `The Docker check failed: ${error instanceof Error ? error.message : String(error)}`,
        }))
      : { ok: true, transport: 'streamlocal' };
    if (epoch !== entry.epoch || entry.client !== client) return;
    if (result.ok) {
      this.setState(entry, {
        state: 'connected',
        reason:
          result.transport === 'dial-stdio'
            ? 'Connected (Docker through docker system dial-stdio)'
            : 'Connected',
        fingerprint,
        dockerTransport: result.transport,
      });
      this.hooks?.connected?.(entry.hostId);
      return;
    }
    const delay = entry.wanted ? this.nextDelay(entry) : null;
    this.setState(entry, {
      state: 'docker-unavailable',
      reason: result.reason,
      fingerprint,
      ...this.retryField(delay),
    });
    if (delay !== null) this.scheduleRetry(entry, delay, () => this.reprobe(entry.hostId));
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
    this.hooks?.lost?.(entry.hostId);
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
      this.hooks?.lost?.(entry.hostId);
      client.end();
    }
  }

  private setState(entry: Entry, next: Omit<HostStatus, 'hostId' | 'at'>): void {
    entry.status = { hostId: entry.hostId, ...next, at: this.now() };
    this.options.logger.info('host state', { hostId: entry.hostId, state: next.state, reason: next.reason });
    this.options.onState?.({ ...entry.status });
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
