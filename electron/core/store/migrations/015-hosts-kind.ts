import type { Migration } from '../migrator';

/** A host is reached over SSH (every host so far) or is the core's own machine through its Docker socket. */
export const hostsKindMigration: Migration = {
  id: 15,
  name: 'hosts-kind',
  up(db) {
    db.exec(
      `ALTER TABLE hosts ADD COLUMN kind TEXT NOT NULL DEFAULT 'ssh' CHECK (kind IN ('ssh', 'local'));`,
    );
  },
};
