/**
 * Saved hosts: validation (unique names, jump hosts that exist and do not loop), secrets moved to the
 * secret store (the database keeps only their keys), pinned host keys, and the `hosts.changed` event.
 * It also resolves a host with its secrets for one connection attempt (the SSH layer's TargetResolver) and
 * answers a host's Docker settings (for the connectivity service's Docker check).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '@shared/rpc/errors';
import {
  DEFAULT_DOCKER_SOCKET,
  DEFAULT_SSH_PORT,
  LOCAL_HOST_ADDRESS,
  noSshMessage,
  type Host,
  type HostAuthInput,
  type HostCreateInput,
  type HostUpdateInput,
  type HostsChangedEvent,
  type LocalHostCreateInput,
} from '@shared/schemas/hosts';
import type { Logger } from '../logging/logger';
import { secretKey, type SecretStore } from '../secrets/secret-store';
import type { PresentedHostKey } from '../ssh/host-key';
import type { HostDockerSettings } from '../connectivity/host-connectivity';
import type { SshHost, TargetResolver } from '../ssh/ssh-connection-manager';
import type { ResolvedAuth } from '../ssh/ssh-dial';
import type { Clock } from '../util/clock';
import type { HostRecord, HostRepository } from './host-repository';

/** A host resolved for one attempt: what SSH needs, and where its Docker engine is (testConnection). */
export interface ResolvedHost extends SshHost {
  dockerSocket: string;
  /** False for an SSH-only host: no Docker check. */
  dockerEnabled: boolean;
}

export const SECRET_KINDS = { password: 'ssh-password', passphrase: 'ssh-passphrase' } as const;

/** Fields whose change means the live connection must be rebuilt. */
const CONNECTION_FIELDS = [
  'address',
  'port',
  'user',
  'auth',
  'jumpHostId',
  'dockerSocket',
  'dockerEnabled',
] as const;
/** Fields a local host does not have: it is reached through its socket, never over SSH. */
const SSH_FIELDS = ['address', 'port', 'user', 'auth', 'jumpHostId', 'dockerEnabled'] as const;
const MAX_JUMP_CHAIN = 8;

export interface HostServiceDeps {
  repository: HostRepository;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  emit: (event: HostsChangedEvent) => void;
  /** Masks a secret that is used but not stored (testConnection of an unsaved host) in the logs. */
  registerSecret?: (value: string) => void;
  /** The SSH agent socket for agent auth; defaults to process.env.SSH_AUTH_SOCK. */
  agentSocket?: () => string | null;
}

export class HostService implements TargetResolver {
  constructor(private readonly deps: HostServiceDeps) {}

  list(): Host[] {
    return this.deps.repository.list().map(toHost);
  }

  get(id: string): Host {
    return toHost(this.record(id));
  }

  record(id: string): HostRecord {
    const record = this.deps.repository.get(id);
    if (!record) throw new AppError('NOT_FOUND', `No host with id ${id}`);
    return record;
  }

  async create(input: HostCreateInput): Promise<Host> {
    const id = randomUUID();
    this.assertNameFree(input.name, null);
    this.assertJumpHost(id, input.jumpHostId);
    const now = this.deps.clock.now().toISOString();
    const refs = await this.storeSecrets(id, input.auth, null);
    try {
      this.deps.repository.insert({
        id,
        kind: 'ssh',
        name: input.name,
        address: input.address,
        port: input.port,
        user: input.user,
        authKind: input.auth.kind,
        keyPath: input.auth.kind === 'key' ? input.auth.keyPath : null,
        ...refs,
        jumpHostId: input.jumpHostId,
        dockerSocket: input.dockerSocket,
        dockerEnabled: input.dockerEnabled,
        group: input.group,
        color: input.color,
        createdAt: now,
        updatedAt: now,
      });
    } catch (error) {
      await this.deleteSecrets(refs);
      throw error;
    }
    this.deps.logger.info('host created', { hostId: id, authKind: input.auth.kind });
    this.deps.emit({ hostId: id, change: 'created' });
    return this.get(id);
  }

  /**
   * This machine's own engine, reached through its socket. The SSH columns hold placeholders (the machine's
   * name for the address, agent auth) that nothing reads: every SSH path refuses a local host first.
   */
  createLocal(input: LocalHostCreateInput): Host {
    const id = randomUUID();
    this.assertNameFree(input.name, null);
    const now = this.deps.clock.now().toISOString();
    this.deps.repository.insert({
      id,
      kind: 'local',
      name: input.name,
      address: LOCAL_HOST_ADDRESS,
      port: DEFAULT_SSH_PORT,
      user: '',
      authKind: 'agent',
      keyPath: null,
      passwordRef: null,
      passphraseRef: null,
      jumpHostId: null,
      dockerSocket: input.dockerSocket,
      dockerEnabled: true,
      group: input.group,
      color: input.color,
      createdAt: now,
      updatedAt: now,
    });
    this.deps.logger.info('local host created', { hostId: id });
    this.deps.emit({ hostId: id, change: 'created' });
    return this.get(id);
  }

  /** Applies a patch; `reconnect` says whether a live connection must be rebuilt with the new settings. */
  async update(input: HostUpdateInput): Promise<{ host: Host; reconnect: boolean }> {
    const current = this.record(input.hostId);
    if (current.kind === 'local') assertNoSshFields(current.name, input);
    if (input.name !== undefined) this.assertNameFree(input.name, current.id);
    if (input.jumpHostId !== undefined) this.assertJumpHost(current.id, input.jumpHostId);
    const auth = input.auth;
    const refs = auth ? await this.storeSecrets(current.id, auth, current) : pickRefs(current);
    const next = {
      ...current,
      name: input.name ?? current.name,
      address: input.address ?? current.address,
      port: input.port ?? current.port,
      user: input.user ?? current.user,
      authKind: auth?.kind ?? current.authKind,
      keyPath: auth ? (auth.kind === 'key' ? auth.keyPath : null) : current.keyPath,
      ...refs,
      jumpHostId: input.jumpHostId !== undefined ? input.jumpHostId : current.jumpHostId,
      dockerSocket: input.dockerSocket ?? current.dockerSocket,
      dockerEnabled: input.dockerEnabled ?? current.dockerEnabled,
      group: input.group !== undefined ? input.group : current.group,
      color: input.color !== undefined ? input.color : current.color,
      updatedAt: this.deps.clock.now().toISOString(),
    };
    this.deps.repository.update(next);
    // Secrets the new auth no longer uses go only after the row points away from them.
    await this.deleteSecrets({
      passwordRef: current.passwordRef !== next.passwordRef ? current.passwordRef : null,
      passphraseRef: current.passphraseRef !== next.passphraseRef ? current.passphraseRef : null,
    });
    const addressChanged = next.address !== current.address || next.port !== current.port;
    if (addressChanged && current.hostKey) {
      // A pinned key belongs to the server at the old address; a new address must be trusted anew.
      this.deps.repository.unpinHostKey(current.id);
    }
    const reconnect = CONNECTION_FIELDS.some((field) => input[field] !== undefined);
    this.deps.emit({ hostId: current.id, change: 'updated' });
    return { host: this.get(current.id), reconnect };
  }

  async remove(id: string): Promise<void> {
    const record = this.record(id);
    const dependants = this.deps.repository.usersOfJumpHost(id);
    if (dependants.length > 0) {
      const names = dependants.map((host) => host.name).join(', ');
      throw new AppError('CONFLICT', `${record.name} is the jump host of ${names}; change those hosts first`);
    }
    this.deps.repository.remove(id);
    await this.deleteSecrets(pickRefs(record));
    this.deps.emit({ hostId: id, change: 'removed' });
  }

  /**
   * Persists whether the user wants the host connected (restored at the next start). Turning it off also
   * turns it off for the hosts reached through this one, as disconnecting a jump host disconnects them.
   */
  setWantConnected(id: string, wanted: boolean): void {
    this.deps.repository.setWantConnected(id, wanted);
    if (wanted) return;
    for (const dependant of this.deps.repository.usersOfJumpHost(id)) {
      if (dependant.id !== id) this.setWantConnected(dependant.id, false);
    }
  }

  /**
   * The user disconnected the host (true) or connected it (false). A held-down host is never connected by
   * an on-demand call (a container list, an update check); only hosts.connect brings it back.
   */
  setHeldDown(id: string, heldDown: boolean): void {
    this.record(id);
    this.deps.repository.setHeldDown(id, heldDown);
  }

  /** Why on-demand calls must not connect this host, or null when they may. */
  heldDownReason(id: string): string | null {
    const record = this.deps.repository.get(id);
    if (!record || !this.deps.repository.isHeldDown(id)) return null;
    return `${record.name} is disconnected: connect it first`;
  }

  /**
   * Why a background job (the update poller) must leave this host alone, or null: the user disconnected
   * it, or nobody has confirmed its host key yet (dialling it would only ask that question again).
   */
  backgroundSkipReason(id: string): string | null {
    const held = this.heldDownReason(id);
    if (held) return held;
    const record = this.deps.repository.get(id);
    if (record?.kind === 'ssh' && !record.hostKey) {
      return `${record.name} has no confirmed host key yet: connect it once`;
    }
    return null;
  }

  /** Hosts to connect when the core starts. */
  wantedConnected(): string[] {
    return this.deps.repository.wantedConnected();
  }

  pinHostKey(id: string, key: PresentedHostKey): Host {
    this.record(id);
    this.deps.repository.pinHostKey(id, { ...key, pinnedAt: this.deps.clock.now().toISOString() });
    this.deps.logger.info('host key pinned', { hostId: id, fingerprint: key.fingerprint });
    this.deps.emit({ hostId: id, change: 'host-key-pinned' });
    return this.get(id);
  }

  /** Where the host's Docker engine is (defaults for a host that is gone: its attempts fail anyway). */
  dockerSettings(id: string): HostDockerSettings {
    const record = this.deps.repository.get(id);
    return {
      name: record?.name ?? id,
      local: record?.kind === 'local',
      dockerEnabled: record?.dockerEnabled ?? true,
      dockerSocket: record?.dockerSocket ?? DEFAULT_DOCKER_SOCKET,
    };
  }

  /** A saved host with its secrets read from the store, for one connection attempt. */
  async resolve(hostId: string): Promise<ResolvedHost> {
    const record = this.record(hostId);
    if (record.kind === 'local') throw new AppError('VALIDATION', noSshMessage(record.name));
    const auth = await this.resolveAuth(record);
    return {
      id: record.id,
      name: record.name,
      jumpHostId: record.jumpHostId,
      jumpHostName: record.jumpHostId ? (this.deps.repository.get(record.jumpHostId)?.name ?? null) : null,
      dockerSocket: record.dockerSocket,
      dockerEnabled: record.dockerEnabled,
      target: {
        name: record.name,
        address: record.address,
        port: record.port,
        user: record.user,
        auth,
        pinnedKey: record.hostKey,
      },
    };
  }

  /** A host that is not saved (testConnection from the add form): secrets come from the input only. */
  resolveDraft(input: HostCreateInput): ResolvedHost {
    if (input.jumpHostId) this.record(input.jumpHostId);
    for (const secret of [draftSecret(input.auth)]) if (secret) this.deps.registerSecret?.(secret);
    const auth: ResolvedAuth =
      input.auth.kind === 'key'
        ? { kind: 'key', keyPath: input.auth.keyPath, passphrase: input.auth.passphrase ?? null }
        : input.auth.kind === 'password'
          ? { kind: 'password', password: input.auth.password ?? null }
          : { kind: 'agent', agentSocket: this.agentSocket() };
    return {
      id: null,
      name: input.name,
      jumpHostId: input.jumpHostId,
      jumpHostName: input.jumpHostId ? (this.deps.repository.get(input.jumpHostId)?.name ?? null) : null,
      dockerSocket: input.dockerSocket,
      dockerEnabled: input.dockerEnabled,
      target: {
        name: input.name,
        address: input.address,
        port: input.port,
        user: input.user,
        auth,
        pinnedKey: null,
      },
    };
  }

  private async resolveAuth(record: HostRecord): Promise<ResolvedAuth> {
    if (record.authKind === 'password') {
      const password = record.passwordRef ? await this.deps.secrets.get(record.passwordRef) : null;
      return { kind: 'password', password };
    }
    if (record.authKind === 'key') {
      const passphrase = record.passphraseRef ? await this.deps.secrets.get(record.passphraseRef) : null;
      return { kind: 'key', keyPath: record.keyPath ?? '', passphrase };
    }
    return { kind: 'agent', agentSocket: this.agentSocket() };
  }

  private agentSocket(): string | null {
    return this.deps.agentSocket ? this.deps.agentSocket() : (process.env.SSH_AUTH_SOCK ?? null);
  }

  /**
   * Writes the secrets of `auth` and returns the references the row should hold. Omitted secrets keep the
   * stored ones when the kind stays the same; a missing password for password auth is refused.
   */
  private async storeSecrets(
    id: string,
    auth: HostAuthInput,
    current: HostRecord | null,
  ): Promise<Pick<HostRecord, 'passwordRef' | 'passphraseRef'>> {
    const sameKind = current?.authKind === auth.kind;
    if (auth.kind === 'password') {
      if (auth.password !== undefined) {
        const ref = secretKey(SECRET_KINDS.password, id);
        await this.deps.secrets.set(ref, auth.password);
        return { passwordRef: ref, passphraseRef: null };
      }
      if (sameKind && current?.passwordRef) return { passwordRef: current.passwordRef, passphraseRef: null };
      throw new AppError('VALIDATION', 'A password is required for password authentication');
    }
    if (auth.kind === 'key') {
      if (typeof auth.passphrase === 'string') {
        const ref = secretKey(SECRET_KINDS.passphrase, id);
        await this.deps.secrets.set(ref, auth.passphrase);
        return { passwordRef: null, passphraseRef: ref };
      }
      const keep = auth.passphrase === undefined && sameKind ? (current?.passphraseRef ?? null) : null;
      return { passwordRef: null, passphraseRef: keep };
    }
    return { passwordRef: null, passphraseRef: null };
  }

  private async deleteSecrets(refs: Pick<HostRecord, 'passwordRef' | 'passphraseRef'>): Promise<void> {
    for (const ref of [refs.passwordRef, refs.passphraseRef]) {
      if (!ref) continue;
      try {
        await this.deps.secrets.delete(ref);
      } catch (error) {
        // The host change stands; an orphaned keychain entry is harmless and the log says which one.
        this.deps.logger.warn('could not delete a secret', { secretKey: ref, error });
      }
    }
  }

  private assertNameFree(name: string, ownId: string | null): void {
    const existing = this.deps.repository.findByName(name);
    if (existing && existing.id !== ownId)
      throw new AppError('CONFLICT', `A host named ${name} already exists: choose another name`, 'name');
  }

  /** The jump host must exist, must not be the host itself, and following jump hosts must not loop back. */
  private assertJumpHost(id: string, jumpHostId: string | null): void {
    if (jumpHostId === null) return;
    if (jumpHostId === id) throw new AppError('VALIDATION', 'A host cannot be its own jump host');
    let cursor: string | null = jumpHostId;
    for (let hops = 0; cursor !== null; hops += 1) {
      const hop = this.deps.repository.get(cursor);
      if (!hop) {
        throw new AppError(
          'VALIDATION',
          hops === 0 ? `The jump host ${jumpHostId} does not exist` : 'The jump chain is broken',
        );
      }
      if (hop.kind === 'local') throw new AppError('VALIDATION', noSshMessage(hop.name), 'jumpHostId');
      if (hop.jumpHostId === id) {
        throw new AppError('VALIDATION', `Using ${hop.name} as jump host would make the jump hosts loop`);
      }
      if (hops >= MAX_JUMP_CHAIN)
        throw new AppError('VALIDATION', `More than ${MAX_JUMP_CHAIN} jump hosts in a row`);
      cursor = hop.jumpHostId;
    }
  }
}

function assertNoSshFields(hostName: string, input: HostUpdateInput): void {
  const named = SSH_FIELDS.filter((field) => input[field] !== undefined);
  if (named.length === 0) return;
  throw new AppError(
    'VALIDATION',
    `${hostName} is this machine's own Docker engine: it has no ${named.join(', ')} to change`,
    named[0],
  );
}

function draftSecret(auth: HostAuthInput): string | null {
  if (auth.kind === 'password') return auth.password ?? null;
  if (auth.kind === 'key') return auth.passphrase ?? null;
  return null;
}

function pickRefs(record: HostRecord): Pick<HostRecord, 'passwordRef' | 'passphraseRef'> {
  return { passwordRef: record.passwordRef, passphraseRef: record.passphraseRef };
}

/** The record as the contract shows it: secret references become booleans. */
export function toHost(record: HostRecord): Host {
  const auth: Host['auth'] =
    record.authKind === 'key'
      ? { kind: 'key', keyPath: record.keyPath ?? '', hasPassphrase: record.passphraseRef !== null }
      : record.authKind === 'password'
        ? { kind: 'password', hasPassword: record.passwordRef !== null }
        : { kind: 'agent' };
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    address: record.address,
    port: record.port,
    user: record.user,
    auth,
    jumpHostId: record.jumpHostId,
    dockerSocket: record.dockerSocket,
    dockerEnabled: record.dockerEnabled,
    group: record.group,
    color: record.color,
    hostKey: record.hostKey
      ? {
          algorithm: record.hostKey.algorithm,
          fingerprint: record.hostKey.fingerprint,
          pinnedAt: record.hostKey.pinnedAt,
        }
      : null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
