/**
 * The companions this core is attached to. Each gets a CompanionLink through its host's SSH connection;
 * the companion's events are relayed as `companions.event` (checked against the contract first: a
 * companion of another version must not feed this core payloads it cannot read), and the last sequence
 * number is kept so that after a restart of either side the desktop catches up on what it missed.
 */
import type { Client } from 'ssh2';
import { AppError } from '@shared/rpc/errors';
import { contract, isEventName } from '@shared/contract';
import type { Companion } from '@shared/schemas/companions';
import type { z } from 'zod';
import type { companionAddSchema } from '@shared/schemas/companions';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { secretKey, type SecretStore } from '../secrets/secret-store';
import { forwardOut } from '../ssh/forward-out';
import { CompanionLink } from './companion-link';
import { CompanionRepository, type CompanionRow } from './companion-repository';
import { RelayedStreamOwners } from './relayed-streams';
import { readTokenOverSsh } from './token-over-ssh';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';

export interface CompanionsDeps {
  db: Db;
  clock: Clock;
  secrets: SecretStore;
  events: EventBus;
  logger: Logger;
  /** NOT_FOUND for an unknown host; the name otherwise. */
  hostName: (hostId: string) => string;
  /** The host's SSH client, connecting first (UNAVAILABLE with the reason when it cannot). */
  ssh: (hostId: string) => Promise<Client>;
}

interface Live {
  link: CompanionLink | null;
  state: Companion['state'];
  reason: string | null;
}

type AddInput = z.output<typeof companionAddSchema>;

const tokenKey = (id: number) => secretKey('companion', id);
const RECONNECT_MS = 1000;

export class CompanionsService {
  private readonly repository: CompanionRepository;
  private readonly live = new Map<number, Live>();
  private readonly streamOwners = new RelayedStreamOwners();
  /** After close, a link's last callbacks (its close arrives later) must not touch the closed database. */
  private closed = false;

  constructor(private readonly deps: CompanionsDeps) {
    this.repository = new CompanionRepository(deps.db, deps.clock);
  }

  /** Attaches to every saved companion (in the background: each reconnects by itself). */
  async start(): Promise<void> {
    for (const row of this.repository.list()) {
      const token = await this.deps.secrets.get(tokenKey(row.id));
      if (token) this.attach(row, token);
    }
  }

  list(): Companion[] {
    return this.repository.list().map((row) => this.view(row));
  }

  async add(input: AddInput): Promise<Companion> {
    const hostName = this.deps.hostName(input.hostId);
    if (this.repository.find(input.hostId, input.port)) {
      throw new AppError('CONFLICT', 'This companion is already attached', 'port');
    }
    // First, so a host without SSH (a local one) says so instead of "no companion answers".
    const client = await this.deps.ssh(input.hostId);
    const token = input.token ?? (await readTokenOverSsh(client, input.tokenFile ?? ''));
    await this.check(input.hostId, input.port, token);
    const row = this.repository.insert(input.name ?? `companion on ${hostName}`, input.hostId, input.port);
    await this.deps.secrets.set(tokenKey(row.id), token);
    this.attach(row, token);
    return this.view(row);
  }

  /** A contract client of the companion's own core (its hosts, workloads, deploys), through the link. */
  client(id: number) {
    return this.link(id).client;
  }

  /**
   * One call passed through as is (checked by the API layer first); the companion's envelope comes back.
   * `connectionId` is the local caller: a shell or log stream it opens is its own (relayed-streams.ts).
   */
  async invoke(id: number, method: string, input: unknown, connectionId: string) {
    const link = this.link(id);
    this.streamOwners.checkCall(id, method, input, connectionId);
    const envelope = await link.invoke(method, input);
    if (envelope.ok) this.streamOwners.answered(id, method, envelope.data, connectionId);
    return envelope;
  }

  /** A local connection went away: the shells and log streams it opened on companions are closed too. */
  connectionClosed(connectionId: string): void {
    for (const { companionId, method, input } of this.streamOwners.releaseOwner(connectionId)) {
      const link = this.live.get(companionId)?.link;
      link?.invoke(method, input).catch(() => undefined);
    }
  }

  private link(id: number): CompanionLink {
    const live = this.live.get(id);
    if (!live?.link) throw new AppError('NOT_FOUND', 'No such companion');
    return live.link;
  }

  async remove(id: number): Promise<{ removed: true; id: number }> {
    if (!this.repository.get(id)) throw new AppError('NOT_FOUND', 'No such companion');
    this.live.get(id)?.link?.close();
    this.live.delete(id);
    this.streamOwners.forgetCompanion(id);
    this.repository.remove(id);
    await this.deps.secrets.delete(tokenKey(id));
    this.deps.events.emit('companions.removed', { id });
    return { removed: true, id };
  }

  close(): void {
    this.closed = true;
    for (const live of this.live.values()) live.link?.close();
    this.live.clear();
  }

  /** One attempt with the token before anything is saved: a wrong port or token is said at once. */
  private async check(hostId: string, port: number, token: string): Promise<void> {
    let final: { state: Companion['state']; reason: string | null } = { state: 'connecting', reason: null };
    const probe = new CompanionLink({
      port,
      token,
      open: () => this.open(hostId, port),
      afterSeq: 0,
      reconnectDelayMs: 0,
      onState: (state, reason) => {
        final = { state, reason };
      },
      onEvent: () => undefined,
    });
    try {
      await probe.client.call('app.info');
    } catch (error) {
      if (final.state === 'unauthorized')
        throw new AppError('VALIDATION', 'The companion refused this token', 'token');
      const reason = final.reason ?? (error instanceof Error ? error.message : 'no answer');
      throw new AppError('UNAVAILABLE', `No companion answers on port ${port} of that host: ${reason}`);
    } finally {
      probe.close();
    }
  }

  private attach(row: CompanionRow, token: string): void {
    // The entry exists before the link: the link reports "connecting" from inside its constructor.
    const live: Live = { state: 'connecting', reason: null, link: null };
    this.live.set(row.id, live);
    live.link = new CompanionLink({
      port: row.port,
      token,
      open: () => this.open(row.host_id, row.port),
      afterSeq: row.last_seq,
      reconnectDelayMs: RECONNECT_MS,
      onState: (state, reason) => {
        if (this.closed) return;
        live.state = state;
        live.reason = reason;
        const current = this.repository.get(row.id);
        if (current) this.deps.events.emit('companions.changed', this.view(current));
      },
      onEvent: (seq, event, payload) => this.relay(row, seq, event, payload),
    });
  }

  private relay(row: CompanionRow, seq: number, event: string, payload: unknown): void {
    if (this.closed) return;
    if (seq > 0) this.repository.resetLastSeq(row.id, seq);
    // A companion's own relays are not relayed again, and only payloads this version can read go on.
    if (!isEventName(event) || event.startsWith('companions.')) return;
    if (!contract.events[event].safeParse(payload).success) return;
    const audience = this.streamOwners.audienceOf(row.id, event, payload);
    if (audience === null) return;
    this.deps.events.emit(
      'companions.event',
      { companionId: row.id, companion: row.name, seq, event, payload },
      audience,
    );
  }

  private async open(hostId: string, port: number) {
    return forwardOut(await this.deps.ssh(hostId), '127.0.0.1', port);
  }

  private view(row: CompanionRow): Companion {
    const live = this.live.get(row.id);
    return {
      id: row.id,
      name: row.name,
      hostId: row.host_id,
      port: row.port,
      state: live?.state ?? 'closed',
      reason: live?.reason ?? null,
      lastSeq: row.last_seq,
      createdAt: row.created_at,
    };
  }
}
