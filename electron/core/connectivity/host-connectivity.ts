/**
 * HostConnectivity: the one owner of a host's connectivity. It combines the SSH connection (from
 * SshConnectionManager) with the Docker check (the engine opener the Docker layer provides) into the host
 * status the user sees (`hosts.state`): connecting, connected, docker-unavailable (retried with back-off,
 * `nextRetryAt`), the SSH failure states unchanged, and SSH_ONLY_REASON for a host without an engine.
 * A local host (the core's own machine) has no SSH: its "link" is up as soon as it is wanted, and only the
 * Docker check decides its state.
 *
 * What it answers for the rest of the core:
 *   status(hostId), connect / disconnect / reconnect / forget(hostId)
 *   acquire(hostId): Promise<Client>   the host's SSH client (companion attach), connecting first
 *   reach(hostId): Promise<HostReach>  a TCP stream to an address as the host sees it, and a fixed command
 *                                      run on it: over SSH, or on this machine for a local host
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
  noSshMessage,
  SSH_ONLY_REASON,
  type DockerTransport,
  type HostStateName,
  type HostStatus,
} from '@shared/schemas/hosts';
import type { Client } from 'ssh2';
import type { Logger } from '../logging/logger';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../ssh/backoff';
import type { SshConnectionManager, SshStatus } from '../ssh/ssh-connection-manager';
import { localReach, sshReach, type HostReach } from './host-reach';
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

/** What an engine is opened over: the host's SSH connection, or this machine itself (a local host). */
export type EngineLink = { kind: 'ssh'; client: Client } | { kind: 'local' };

/** Opens (and checks) the Docker engine over a link; docker/docker-engine.ts `openEngine`. */
export type EngineOpener<E extends EngineHandle> = (
  link: EngineLink,
  dockerSocket: string,
  hostName: string,
) => Promise<OpenEngineResult<E>>;

/** The saved host's Docker settings, read when they are needed. */
export interface HostDockerSettings {
  /** For sentences. */
  name: string;
  /** A local host: the engine of the machine the core runs on, no SSH. */
  local: boolean;
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
  /** Why on-demand calls must not connect the host (the user disconnected it), or null. */
  heldDown?: (hostId: string) => string | null;
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
  /** The SSH connection while it is up, or the local link while a local host is wanted; else null. */
  link: EngineLink | null;
  /** A local host only (SSH hosts ask the SSH manager): whether the user wants it connected. */
  wanted: boolean;
  /** The host's kind, read once: it never changes, and engine() runs on every Docker call. */
  local: boolean;
  /** The key the server presented on this connection. */
  fingerprint: string | undefined;
  /** The engine on `link` once the Docker check passed. */
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
    if (entry) return { ...entry.status };
    if (this.isLocal(hostId)) return this.entry(hostId).status;
    return fromSsh(this.deps.ssh.status(hostId));
  }

  /** Connects (if not already) and resolves with the state the attempt ended in (after the Docker check). */
  async connect(hostId: string): Promise<HostStatus> {
    if (this.isLocal(hostId)) this.linkLocal(this.entry(hostId));
    else await this.deps.ssh.connect(hostId);
    await this.settled(hostId);
    return this.status(hostId);
  }

  /** The host's live SSH client, connecting first when needed; UNAVAILABLE with the state's reason otherwise. */
  async acquire(hostId: string): Promise<Client> {
    if (this.isLocal(hostId)) {
      throw new AppError('UNAVAILABLE', noSshMessage(this.deps.dockerSettings(hostId).name));
    }
    const known = this.entries.get(hostId);
    if (known && this.isUsable(known) && known.link?.kind === 'ssh') return known.link.client;
    await this.deps.ssh.acquire(hostId);
    await this.settled(hostId);
    const entry = this.entry(hostId);
    if (this.isUsable(entry) && entry.link?.kind === 'ssh') return entry.link.client;
    throw new AppError('UNAVAILABLE', entry.status.reason);
  }

  /**
   * How to reach things on the host (deploy health probes, a proxy's admin API, /proc figures): through
   * its SSH connection, or on this machine for a local host. Connects first when needed.
   */
  async reach(hostId: string): Promise<HostReach> {
    if (!this.isLocal(hostId)) return sshReach(await this.acquire(hostId));
    await this.ensureLocal(hostId);
    return localReach;
  }

  /**
   * The host's Docker engine, connecting first if needed; when the engine was missing, Docker is checked
   * again now. UNAVAILABLE with the reason when there is none (and at once for an SSH-only host). Do not
   * keep it across calls: after a reconnect the host has a new one.
   */
  async engine(hostId: string): Promise<E> {
    this.assertDockerEnabled(hostId);
    if (this.isLocal(hostId)) await this.ensureLocal(hostId);
    else await this.acquire(hostId);
    const entry = this.entry(hostId);
    if (entry.engine && entry.link) return entry.engine;
    const status = await this.reprobe(hostId);
    if (entry.engine && entry.link) return entry.engine;
    throw new AppError('UNAVAILABLE', status.reason);
  }

  /** UNAVAILABLE at once for an SSH-only host: there is no engine to wait for or retry. */
  assertDockerEnabled(hostId: string): void {
    const settings = this.deps.dockerSettings(hostId);
    if (!settings.dockerEnabled) throw new AppError('UNAVAILABLE', noDockerEngineMessage(settings.name));
  }

  /** Checks Docker again now when the host is up and the engine is missing (docker-unavailable). */
  async reprobe(hostId: string): Promise<HostStatus> {
    const entry = this.entry(hostId);
    const link = entry.link;
    if (link && entry.status.state === 'docker-unavailable' && !entry.probing) {
      this.cancelRetry(entry);
      this.startProbe(entry, link);
      await this.settled(hostId);
    }
    return this.status(hostId);
  }

  /** Closes the connection and stops retrying; hosts reached through this one are disconnected too. */
  disconnect(hostId: string, reason?: string): HostStatus {
    if (!this.isLocal(hostId)) {
      this.deps.ssh.disconnect(hostId, reason);
      return this.status(hostId);
    }
    const entry = this.entry(hostId);
    entry.wanted = false;
    this.unlink(entry);
    this.setState(entry, { state: 'disconnected', reason: reason ?? 'Disconnected' });
    return this.status(hostId);
  }

  /** Settings or trust changed: if the host is wanted, drop the connection and connect anew. */
  async reconnect(hostId: string): Promise<HostStatus> {
    if (!this.isLocal(hostId)) {
      await this.deps.ssh.reconnect(hostId);
    } else {
      const entry = this.entry(hostId);
      if (!entry.wanted) return this.status(hostId);
      this.unlink(entry);
      this.linkLocal(entry);
    }
    await this.settled(hostId);
    return this.status(hostId);
  }

  /** The host was deleted: close and forget it. */
  forget(hostId: string): void {
    this.deps.ssh.forget(hostId);
    const entry = this.entries.get(hostId);
    if (!entry) return;
    if (entry.link?.kind === 'local') this.unlink(entry);
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

  // ---------- local hosts ----------

  private isLocal(hostId: string): boolean {
    return this.entries.get(hostId)?.local ?? this.deps.dockerSettings(hostId).local;
  }

  /** An on-demand use of a local host: refused while the user holds it disconnected, else it is linked. */
  private async ensureLocal(hostId: string): Promise<void> {
    const entry = this.entry(hostId);
    if (!entry.link) {
      const held = this.deps.heldDown?.(hostId);
      if (held) throw new AppError('UNAVAILABLE', held);
      this.linkLocal(entry);
    }
    await this.settled(hostId);
  }

  /** A local host has nothing to dial: it is up once wanted, and the Docker check says the rest. */
  private linkLocal(entry: Entry<E>): void {
    entry.wanted = true;
    if (entry.link) return;
    const link: EngineLink = { kind: 'local' };
    entry.link = link;
    entry.generation += 1;
    entry.retries = 0;
    this.cancelRetry(entry);
    this.startProbe(entry, link);
  }

  /** Drops a local host's link as a lost SSH connection would be dropped. */
  private unlink(entry: Entry<E>): void {
    if (!entry.link) return;
    this.onLinkLost(entry.hostId);
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
    const link: EngineLink = { kind: 'ssh', client };
    entry.link = link;
    entry.fingerprint = this.deps.ssh.status(hostId).fingerprint;
    entry.generation += 1;
    entry.retries = 0;
    this.cancelRetry(entry);
    if (!this.deps.dockerSettings(hostId).dockerEnabled) {
      // A jump host without an engine: SSH is all it offers, so SSH being up is `connected`, not a failure.
      this.setState(entry, { state: 'connected', reason: SSH_ONLY_REASON, fingerprint: entry.fingerprint });
      return;
    }
    this.startProbe(entry, link);
  }

  private onSshLost(hostId: string): void {
    this.onLinkLost(hostId);
  }

  private onLinkLost(hostId: string): void {
    const entry = this.entry(hostId);
    entry.link = null;
    entry.generation += 1;
    this.cancelRetry(entry);
    this.dropEngine(entry);
    for (const listener of this.engineListeners) {
      this.safely(() => listener.lost?.(hostId));
    }
  }

  // ---------- the Docker check ----------

  private startProbe(entry: Entry<E>, link: EngineLink): void {
    const probing = this.probe(entry, link).finally(() => {
      if (entry.probing === probing) entry.probing = null;
    });
    entry.probing = probing;
  }

  private async probe(entry: Entry<E>, link: EngineLink): Promise<void> {
    const generation = entry.generation;
    const fingerprint = link.kind === 'ssh' ? entry.fingerprint : undefined;
    this.setState(entry, {
      state: 'connecting',
      reason:
        link.kind === 'ssh' ? 'SSH connected; checking the Docker engine' : 'Checking the Docker engine',
      fingerprint,
    });
    const settings = this.deps.dockerSettings(entry.hostId);
    const result: OpenEngineResult<E> = await this.deps
      .openEngine(link, settings.dockerSocket, settings.name)
      .catch((error: unknown) => ({
        ok: false as const,
        reason: `The Docker check failed: ${error instanceof Error ? error.message : String(error)}`,
      }));
    if (generation !== entry.generation || entry.link !== link || this.closed) {
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
    const delay = this.isWanted(entry) ? this.nextDelay(entry) : null;
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
      if (generation !== entry.generation || this.closed || !this.isWanted(entry)) return;
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

  private isWanted(entry: Entry<E>): boolean {
    return entry.link?.kind === 'local' ? entry.wanted : this.deps.ssh.isWanted(entry.hostId);
  }

  private entry(hostId: string): Entry<E> {
    let entry = this.entries.get(hostId);
    if (!entry) {
      const local = this.deps.dockerSettings(hostId).local;
      entry = {
        hostId,
        status: local ? this.localDisconnected(hostId) : fromSsh(this.deps.ssh.status(hostId)),
        link: null,
        wanted: false,
        local,
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
    return entry.link !== null && USABLE.has(entry.status.state);
  }

  private localDisconnected(hostId: string): HostStatus {
    return { hostId, state: 'disconnected', reason: 'Not connected', at: this.clock.now().toISOString() };
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
  if (engine.transport === 'unix-socket') return "Connected (this machine's Docker socket)";
  const how = engine.transport === 'dial-stdio' ? ' through docker system dial-stdio' : '';
  if (engine.socketPath === savedSocket) return how ? `Connected (Docker${how})` : 'Connected';
  return (
    `Connected (Docker found at ${engine.socketPath}${how}; nothing answered at the saved ` +
    `${savedSocket}: save the found path in the host's settings)`
  );
}
