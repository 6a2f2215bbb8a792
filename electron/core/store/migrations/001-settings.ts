import type { Migration } from '../migrator';

export const settingsMigration: Migration = {
  id: 1,
  name: 'settings',
  up(db) {
    db.exec(`CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`);
  },
};
