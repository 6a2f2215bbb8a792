/**
 * HostConnectivity: the one owner of a host's connectivity. It combines the SSH connection (from
 * SshConnectionManager) with the Docker check (the engine opener the Docker layer provides) into the host
 * status the user sees (`hosts.state`): connecting, connected, docker-unavailable (retried with back-off,
 * `nextRetryAt`), the SSH failure states unchanged, and SSH_ONLY_REASON for a host without an engine.
 *
 * What it answers for the rest of the core:
 *   status(hostId), connect / disconnect / reconnect / forget(hostId)
 *   acquire(hostId): Promise<Client>   the host's SSH client (deploy health probes), connecting first
 *   engine(hostId): Promise<E>         the host's Docker engine, connecting or checking Docker again first
 * and it tells the Docker side (an EngineListener: events watcher, log streams) when a host's engine is
 * ready and when its connection is gone.
 *
 * The folder electron/core/connectivity/ imports shared/, ssh/ (the connection manager and its types) and the
 * plain helpers of the core (logging/, util/). It never imports docker/: the engine is opaque here, reached
 * only through the EngineOpener it is given.
 */
import { AppError } from '@shared/rpc/errors';
import {
  noDockerEngineMessage,
  SSH_ONLY_REASON,
  type DockerTransport,
  type HostStateName,
  type HostStatus,
} from '@shared/schemas/hosts';
import type { Client } from 'ssh2';
import type { Logger } from '../logging/logger';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../ssh/backoff';
import type { SshConnectionManager, SshStatus } from '../ssh/ssh-connection-manager';
import { systemClock, type Clock } from '../util/clock';
import { systemTimers, type Timers } from '../util/timers';

/** What this service needs of an engine: how Docker is reached, and a way to close its channels. */
export interface EngineHandle {
  transport: DockerTransport;
  /** Where the engine answered; differs from the saved path when that had none and one was found. */
  socketPath: string;
  /** Closes every channel the engine opened (the SSH connection itself stays). */
  close(): void;
}

export type OpenEngineResult<E> = { ok: true; engine: E } | { ok: false; reason: string };

/** Opens (and checks) the Docker engine over a host's SSH connection; docker/docker-engine.ts `openEngine`. */
export type EngineOpener<E extends EngineHandle> = (
  client: Client,
  dockerSocket: string,
  hostName: string,
) => Promise<OpenEngineResult<E>>;

/** The saved host's Docker settings, read when they are needed. */
export interface HostDockerSettings {
  /** For sentences. */
  name: string;
  /** False for an SSH-only host: no Docker check, `connected` as soon as SSH is up. */
  dockerEnabled: boolean;
  dockerSocket: string;
}

/** The Docker side (DockerService): told when an engine is ready and when it is gone. */
export interface EngineListener<E> {
  /** The host became `connected` with this engine (first time or after a reconnect). */
  connected?(hostId: string, engine: E): void;
  /** The host's SSH connection closed or was closed: its engine and channels are gone. */
  lost?(hostId: string): void;
}

export interface HostConnectivityDeps<E extends EngineHandle> {
  ssh: SshConnectionManager;
  openEngine: EngineOpener<E>;
  dockerSettings: (hostId: string) => HostDockerSettings;
  onState?: (status: HostStatus) => void;
  logger: Logger;
  clock?: Clock;
  timers?: Timers;
  random?: () => number;
  backoff?: BackoffPolicy;
}

interface Entry<E> {
  hostId: string;
  status: HostStatus;
  /** The SSH client while SSH is up, else null. */
  client: Client | null;
  /** The key the server presented on this connection. */
  fingerprint: string | undefined;
  /** The engine on `client` once the Docker check passed. */
  engine: E | null;
  probing: Promise<void> | null;
  /** Bumped by every new connection and loss, so a late Docker check result is dropped. */
  generation: number;
  retries: number;
  retryTimer: unknown;
}

const USABLE: ReadonlySet<HostStateName> = new Set(['connected', 'docker-unavailable']);

export class HostConnectivity<E extends EngineHandle> {
  private readonly entries = new Map<string, Entry<E>>();
  private readonly engineListeners: EngineListener<E>[] = [];
  private readonly clock: Clock;
  private readonly timers: Timers;
  private readonly backoff: BackoffPolicy;
  private closed = false;

  constructor(private readonly deps: HostConnectivityDeps<E>) {
    this.clock = deps.clock ?? systemClock;
    this.timers = deps.timers ?? systemTimers;
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    deps.ssh.listen({
      state: (status) => this.onSshState(status),
      up: (hostId, client) => this.onSshUp(hostId, client),
      lost: (hostId) => this.onSshLost(hostId),
    });
  }

  /** The Docker side registers itself (it needs this service to reach engines). */
  listenEngines(listener: EngineListener<E>): void {
    this.engineListeners.push(listener);
  }

  status(hostId: string): HostStatus {
    const entry = this.entries.get(hostId);
    return entry ? { ...entry.status } : fromSsh(this.deps.ssh.status(hostId));
  }

  /** Connects (if not already) and resolves with the state the attempt ended in (after the Docker check). */
  async connect(hostId: string): Promise<HostStatus> {
    await this.deps.ssh.connect(hostId);
    await this.settled(hostId);
    return this.status(hostId);
  }

  /** The host's live SSH client, connecting first when needed; UNAVAILABLE with the state's reason otherwise. */
  async acquire(hostId: string): Promise<Client> {
    const known = this.entries.get(hostId);
    if (known && this.isUsable(known) && known.client) return known.client;
    await this.deps.ssh.acquire(hostId);
    await this.settled(hostId);
    const entry = this.entry(hostId);
    if (this.isUsable(entry) && entry.client) return entry.client;
    throw new AppError('UNAVAILABLE', entry.status.reason);
  }

  /**
   * The host's Docker engine, connecting first if needed; when the engine was missing, Docker is checked
   * again now. UNAVAILABLE with the reason when there is none (and at once for an SSH-only host). Do not
   * keep it across calls: after a reconnect the host has a new one.
   */
  async engine(hostId: string): Promise<E> {
    this.assertDockerEnabled(hostId);
    await this.acquire(hostId);
    const entry = this.entry(hostId);
    if (entry.engine && entry.client) return entry.engine;
    const status = await this.reprobe(hostId);
    if (entry.engine && entry.client) return entry.engine;
    throw new AppError('UNAVAILABLE', status.reason);
  }

  /** UNAVAILABLE at once for an SSH-only host: there is no engine to wait for or retry. */
  assertDockerEnabled(hostId: string): void {
    const settings = this.deps.dockerSettings(hostId);
    if (!settings.dockerEnabled) throw new AppError('UNAVAILABLE', noDockerEngineMessage(settings.name));
  }

  /** Checks Docker again now when SSH is up and the engine is missing (docker-unavailable). */
  async reprobe(hostId: string): Promise<HostStatus> {
    const entry = this.entry(hostId);
    const client = entry.client;
    if (client && entry.status.state === 'docker-unavailable' && !entry.probing) {
      this.cancelRetry(entry);
      this.startProbe(entry, client);
      await this.settled(hostId);
    }
    return this.status(hostId);
  }

  /** Closes the connection and stops retrying; hosts reached through this one are disconnected too. */
  disconnect(hostId: string, reason?: string): HostStatus {
    this.deps.ssh.disconnect(hostId, reason);
    return this.status(hostId);
  }

  /** Settings or trust changed: if the host is wanted, drop the connection and connect anew. */
  async reconnect(hostId: string): Promise<HostStatus> {
    await this.deps.ssh.reconnect(hostId);
    await this.settled(hostId);
    return this.status(hostId);
  }

  /** The host was deleted: close and forget it. */
  forget(hostId: string): void {
    this.deps.ssh.forget(hostId);
    const entry = this.entries.get(hostId);
    if (!entry) return;
    this.cancelRetry(entry);
    this.entries.delete(hostId);
  }

  /** Stops the Docker checks and closes every engine (app shutdown; the SSH manager is closed by its owner). */
  close(): void {
    this.closed = true;
    for (const entry of this.entries.values()) {
      entry.generation += 1;
      this.cancelRetry(entry);
      entry.engine?.close();
      entry.engine = null;
    }
  }

  // ---------- SSH reports ----------

  private onSshState(status: SshStatus): void {
    // `up` is followed by onSshUp, which says what the host is (checking Docker, or SSH only).
    if (status.state === 'up') return;
    this.publish(this.entry(status.hostId), fromSsh(status));
  }

  private onSshUp(hostId: string, client: Client): void {
    const entry = this.entry(hostId);
    this.dropEngine(entry);
    entry.client = client;
    entry.fingerprint = this.deps.ssh.status(hostId).fingerprint;
    entry.generation += 1;
    entry.retries = 0;
    this.cancelRetry(entry);
    if (!this.deps.dockerSettings(hostId).dockerEnabled) {
      // A jump host without an engine: SSH is all it offers, so SSH being up is `connected`, not a failure.
      this.setState(entry, { state: 'connected', reason: SSH_ONLY_REASON, fingerprint: entry.fingerprint });
      return;
    }
    this.startProbe(entry, client);
  }

  private onSshLost(hostId: string): void {
    const entry = this.entry(hostId);
    entry.client = null;
    entry.generation += 1;
    this.cancelRetry(entry);
    this.dropEngine(entry);
    for (const listener of this.engineListeners) {
      this.safely(() => listener.lost?.(hostId));
    }
  }

  // ---------- the Docker check ----------

  private startProbe(entry: Entry<E>, client: Client): void {
    const probing = this.probe(entry, client).finally(() => {
      if (entry.probing === probing) entry.probing = null;
    });
    entry.probing = probing;
  }

  private async probe(entry: Entry<E>, client: Client): Promise<void> {
    const generation = entry.generation;
    const fingerprint = entry.fingerprint;
    this.setState(entry, {
      state: 'connecting',
      reason: 'SSH connected; checking the Docker engine',
      fingerprint,
    });
    const settings = this.deps.dockerSettings(entry.hostId);
    const result: OpenEngineResult<E> = await this.deps
      .openEngine(client, settings.dockerSocket, settings.name)
      .catch((error: unknown) => ({
        ok: false as const,
        reason: `The Docker check failed: ${error instanceof Error ? error.message : String(error)}`,
      }));
    if (generation !== entry.generation || entry.client !== client || this.closed) {
      // The connection went away (or was replaced) while Docker was checked: this result belongs to nobody.
      if (result.ok) result.engine.close();
      return;
    }
    if (result.ok) {
      entry.engine = result.engine;
      this.setState(entry, {
        state: 'connected',
        reason: connectedReason(result.engine, settings.dockerSocket),
        fingerprint,
        dockerTransport: result.engine.transport,
      });
      for (const listener of this.engineListeners) {
        this.safely(() => listener.connected?.(entry.hostId, result.engine));
      }
      return;
    }
    const delay = this.deps.ssh.isWanted(entry.hostId) ? this.nextDelay(entry) : null;
    this.setState(entry, {
      state: 'docker-unavailable',
      reason: result.reason,
      fingerprint,
      ...(delay === null ? {} : { nextRetryAt: new Date(this.clock.now().getTime() + delay).toISOString() }),
    });
    if (delay !== null) this.scheduleReprobe(entry, delay);
  }

  private scheduleReprobe(entry: Entry<E>, delay: number): void {
    this.cancelRetry(entry);
    const generation = entry.generation;
    entry.retryTimer = this.timers.setTimeout(() => {
      entry.retryTimer = null;
      if (generation !== entry.generation || this.closed || !this.deps.ssh.isWanted(entry.hostId)) return;
      this.reprobe(entry.hostId).catch((error: unknown) =>
        this.deps.logger.warn('docker check failed', { hostId: entry.hostId, error }),
      );
    }, delay);
  }

  // ---------- bookkeeping ----------

  /** Waits for a Docker check in flight (after a connect, a reconnect or an acquire). */
  private async settled(hostId: string): Promise<void> {
    const probing = this.entries.get(hostId)?.probing;
    if (probing) await probing;
  }

  private entry(hostId: string): Entry<E> {
    let entry = this.entries.get(hostId);
    if (!entry) {
      entry = {
        hostId,
        status: fromSsh(this.deps.ssh.status(hostId)),
        client: null,
        fingerprint: undefined,
        engine: null,
        probing: null,
        generation: 0,
        retries: 0,
        retryTimer: null,
      };
      this.entries.set(hostId, entry);
    }
    return entry;
  }

  private isUsable(entry: Entry<E>): boolean {
    return entry.client !== null && USABLE.has(entry.status.state);
  }

  private dropEngine(entry: Entry<E>): void {
    const engine = entry.engine;
    entry.engine = null;
    engine?.close();
  }

  private nextDelay(entry: Entry<E>): number {
    const delay = backoffDelay(entry.retries, this.backoff, this.deps.random);
    entry.retries += 1;
    return delay;
  }

  private cancelRetry(entry: Entry<E>): void {
    if (entry.retryTimer !== null) this.timers.clearTimeout(entry.retryTimer);
    entry.retryTimer = null;
  }

  private setState(entry: Entry<E>, next: Omit<HostStatus, 'hostId' | 'at'>): void {
    this.publish(entry, { hostId: entry.hostId, ...next, at: this.clock.now().toISOString() });
  }

  private publish(entry: Entry<E>, status: HostStatus): void {
    entry.status = status;
    this.deps.logger.info('host state', { hostId: entry.hostId, state: status.state, reason: status.reason });
    this.deps.onState?.({ ...status });
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.deps.logger.error('engine listener failed', { error });
    }
  }
}

/** An SSH state as the host status shows it (same names, reasons and retry time). */
function fromSsh(status: SshStatus): HostStatus {
  const { state, fingerprint, expectedFingerprint, nextRetryAt } = status;
  return {
    hostId: status.hostId,
    // `up` alone (not yet reported by the Docker side) reads as still connecting.
    state: state === 'up' ? 'connecting' : state,
    reason: status.reason,
    ...(fingerprint ? { fingerprint } : {}),
    ...(expectedFingerprint ? { expectedFingerprint } : {}),
    ...(nextRetryAt ? { nextRetryAt } : {}),
    at: status.at,
  };
}

function connectedReason(engine: EngineHandle, savedSocket: string): string {
  const how = engine.transport === 'dial-stdio' ? ' through docker system dial-stdio' : '';
  if (engine.socketPath === savedSocket) return how ? `Connected (Docker${how})` : 'Connected';
  return (
    `Connected (Docker found at ${engine.socketPath}${how}; nothing answered at the saved ` +
    `${savedSocket}: save the found path in the host's settings)`
  );
}
