import type { Migration } from '../migrator';

/**
 * Whether the user wants a host connected: set by hosts.connect, cleared by hosts.disconnect. The core
 * connects these hosts when it starts, so a restart restores what the user had before.
 */
export const hostsWantedMigration: Migration = {
  id: 4,
  name: 'hosts-wanted',
  up(db) {
    db.exec(
      `ALTER TABLE hosts ADD COLUMN want_connected INTEGER NOT NULL DEFAULT 0 CHECK (want_connected IN (0, 1));`,
    );
  },
};
