import type { Migration } from '../migrator';

/** Companions the core attaches to over a host's SSH connection; their tokens live in the secret store. */
export const companionsMigration: Migration = {
  id: 13,
  name: 'companions',
  up(db) {
    db.exec(`
      CREATE TABLE companions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        host_id TEXT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
        port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        last_seq INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        UNIQUE (host_id, port)
      );
    `);
  },
};
