import type { Migration } from '../migrator';

/**
 * A host the user disconnected stays disconnected: no container list, update check or other on-demand call
 * connects it again until the user connects it (unlike a host that was simply never connected yet).
 */
export const hostsHeldDownMigration: Migration = {
  id: 6,
  name: 'hosts-held-down',
  up(db) {
    db.exec(`ALTER TABLE hosts ADD COLUMN held_down INTEGER NOT NULL DEFAULT 0 CHECK (held_down IN (0, 1));`);
  },
};
