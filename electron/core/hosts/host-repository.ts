import type { HostKind } from '@shared/schemas/hosts';
import type { Db } from '../store/database';

export type AuthKind = 'key' | 'password' | 'agent';

/** A pinned server key as stored: the full key, so the SSH layer can compare blobs, not just hashes. */
export interface StoredHostKey {
  algorithm: string;
  fingerprint: string;
  keyBase64: string;
  pinnedAt: string;
}

/** A saved host as the core sees it (with secret references, never secret values). */
export interface HostRecord {
  id: string;
  /** Set when the host is created, never changed. */
  kind: HostKind;
  name: string;
  address: string;
  port: number;
  user: string;
  authKind: AuthKind;
  keyPath: string | null;
  passwordRef: string | null;
  passphraseRef: string | null;
  jumpHostId: string | null;
  dockerSocket: string;
  /** False for an SSH-only host (no Docker engine). */
  dockerEnabled: boolean;
  group: string | null;
  color: string | null;
  createdAt: string;
  updatedAt: string;
  hostKey: StoredHostKey | null;
}

interface HostRow {
  id: string;
  kind: HostKind;
  name: string;
  address: string;
  port: number;
  username: string;
  auth_kind: AuthKind;
  key_path: string | null;
  password_ref: string | null;
  passphrase_ref: string | null;
  jump_host_id: string | null;
  docker_socket: string;
  docker_enabled: number;
  group_name: string | null;
  color: string | null;
  created_at: string;
  updated_at: string;
  key_algorithm: string | null;
  key_fingerprint: string | null;
  key_base64: string | null;
  key_pinned_at: string | null;
}

const SELECT = `
  SELECT h.*, k.algorithm AS key_algorithm, k.fingerprint AS key_fingerprint,
         k.key_base64 AS key_base64, k.pinned_at AS key_pinned_at
  FROM hosts h LEFT JOIN host_keys k ON k.host_id = h.id`;

/** The hosts and host_keys tables (migration 002). Plain persistence: rules live in HostService. */
export class HostRepository {
  constructor(private readonly db: Db) {}

  list(): HostRecord[] {
    const rows = this.db
      .prepare(`${SELECT} ORDER BY h.group_name IS NOT NULL, h.group_name, h.name`)
      .all() as HostRow[];
    return rows.map(toRecord);
  }

  get(id: string): HostRecord | null {
    const row = this.db.prepare(`${SELECT} WHERE h.id = ?`).get(id) as HostRow | undefined;
    return row ? toRecord(row) : null;
  }

  findByName(name: string): HostRecord | null {
    const row = this.db.prepare(`${SELECT} WHERE h.name = ? COLLATE NOCASE`).get(name) as HostRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Hosts that reach their target through `id` (ProxyJump). */
  usersOfJumpHost(id: string): HostRecord[] {
    const rows = this.db.prepare(`${SELECT} WHERE h.jump_host_id = ?`).all(id) as HostRow[];
    return rows.map(toRecord);
  }

  insert(host: Omit<HostRecord, 'hostKey'>): void {
    this.db
      .prepare(
        `INSERT INTO hosts (id, kind, name, address, port, username, auth_kind, key_path, password_ref, passphrase_ref,
           jump_host_id, docker_socket, docker_enabled, group_name, color, created_at, updated_at)
         VALUES (@id, @kind, @name, @address, @port, @user, @authKind, @keyPath, @passwordRef, @passphraseRef,
           @jumpHostId, @dockerSocket, @dockerEnabled, @group, @color, @createdAt, @updatedAt)`,
      )
      .run(toParams(host));
  }

  /** Everything but the kind, which a host keeps for life. */
  update(host: Omit<HostRecord, 'hostKey' | 'createdAt'>): void {
    this.db
      .prepare(
        `UPDATE hosts SET name = @name, address = @address, port = @port, username = @user, auth_kind = @authKind,
           key_path = @keyPath, password_ref = @passwordRef, passphrase_ref = @passphraseRef,
           jump_host_id = @jumpHostId, docker_socket = @dockerSocket, docker_enabled = @dockerEnabled,
           group_name = @group, color = @color, updated_at = @updatedAt
         WHERE id = @id`,
      )
      .run(toParams(host));
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM hosts WHERE id = ?').run(id).changes > 0;
  }

  /** Replaces any pinned key: the caller has checked that the user saw this exact fingerprint. */
  pinHostKey(hostId: string, key: StoredHostKey): void {
    this.db
      .prepare(
        `INSERT INTO host_keys (host_id, algorithm, fingerprint, key_base64, pinned_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(host_id) DO UPDATE SET algorithm = excluded.algorithm, fingerprint = excluded.fingerprint,
           key_base64 = excluded.key_base64, pinned_at = excluded.pinned_at`,
      )
      .run(hostId, key.algorithm, key.fingerprint, key.keyBase64, key.pinnedAt);
  }

  /** Remembers whether the user wants the host connected (restored when the core starts). */
  setWantConnected(hostId: string, wanted: boolean): void {
    this.db.prepare('UPDATE hosts SET want_connected = ? WHERE id = ?').run(wanted ? 1 : 0, hostId);
  }

  /** Marks a host the user disconnected (true) or connected again (false). */
  setHeldDown(hostId: string, heldDown: boolean): void {
    this.db.prepare('UPDATE hosts SET held_down = ? WHERE id = ?').run(heldDown ? 1 : 0, hostId);
  }

  isHeldDown(hostId: string): boolean {
    const row = this.db.prepare('SELECT held_down FROM hosts WHERE id = ?').get(hostId) as
      { held_down: number } | undefined;
    return row?.held_down === 1;
  }

  /** Ids of the hosts the user left connected, jump hosts first so their users find them ready. */
  wantedConnected(): string[] {
    const rows = this.db
      .prepare('SELECT id FROM hosts WHERE want_connected = 1 ORDER BY jump_host_id IS NOT NULL, name')
      .all() as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  unpinHostKey(hostId: string): void {
    this.db.prepare('DELETE FROM host_keys WHERE host_id = ?').run(hostId);
  }
}

function toRecord(row: HostRow): HostRecord {
  const hasKey = row.key_algorithm && row.key_fingerprint && row.key_base64 && row.key_pinned_at;
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    address: row.address,
    port: row.port,
    user: row.username,
    authKind: row.auth_kind,
    keyPath: row.key_path,
    passwordRef: row.password_ref,
    passphraseRef: row.passphrase_ref,
    jumpHostId: row.jump_host_id,
    dockerSocket: row.docker_socket,
    dockerEnabled: row.docker_enabled !== 0,
    group: row.group_name,
    color: row.color,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    hostKey: hasKey
      ? {
          algorithm: row.key_algorithm as string,
          fingerprint: row.key_fingerprint as string,
          keyBase64: row.key_base64 as string,
          pinnedAt: row.key_pinned_at as string,
        }
      : null,
  };
}

/** SQLite has no booleans: the record's flag becomes 0/1 for the statement. */
function toParams<T extends { dockerEnabled: boolean }>(
  host: T,
): Omit<T, 'dockerEnabled'> & { dockerEnabled: number } {
  return { ...host, dockerEnabled: host.dockerEnabled ? 1 : 0 };
}
