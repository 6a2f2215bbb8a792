import type { Migration } from '../migrator';

/**
 * Saved SSH hosts and their pinned host keys. Secrets are not here: `password_ref` / `passphrase_ref` hold
 * the secret store's key (`tidewatch:ssh-password:<id>`) when one is stored, NULL otherwise.
 */
export const hostsMigration: Migration = {
  id: 2,
  name: 'hosts',
  up(db) {
    db.exec(`
      CREATE TABLE hosts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        address TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        username TEXT NOT NULL,
        auth_kind TEXT NOT NULL CHECK (auth_kind IN ('key', 'password', 'agent')),
        key_path TEXT,
        password_ref TEXT,
        passphrase_ref TEXT,
        -- A jump host cannot be deleted while another host goes through it.
        jump_host_id TEXT REFERENCES hosts(id) ON DELETE RESTRICT,
        docker_socket TEXT NOT NULL,
        group_name TEXT,
        color TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (auth_kind <> 'key' OR key_path IS NOT NULL),
        CHECK (jump_host_id IS NULL OR jump_host_id <> id)
      );

      CREATE TABLE host_keys (
        host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
        algorithm TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        key_base64 TEXT NOT NULL,
        pinned_at TEXT NOT NULL
      );
    `);
  },
};
