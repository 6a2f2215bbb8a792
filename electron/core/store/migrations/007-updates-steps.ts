import type { Migration } from '../migrator';

/** The newest tag of each kind (patch, minor, major) next to the highest one, so the safe step is visible. */
export const updatesStepsMigration: Migration = {
  id: 7,
  name: 'updates-steps',
  up(db) {
    db.exec(`ALTER TABLE updates ADD COLUMN steps TEXT NOT NULL DEFAULT '[]';`);
  },
};
