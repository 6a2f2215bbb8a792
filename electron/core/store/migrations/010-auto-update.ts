import type { Migration } from '../migrator';

/**
 * Per-container auto-update settings made in the UI (labels on the container are read live and need no
 * row). A container is known by host and name: a deploy replaces the container, the name stays.
 */
export const autoUpdateMigration: Migration = {
  id: 10,
  name: 'auto-update',
  up(db) {
    db.exec(`
      CREATE TABLE auto_update_settings (
        host_id TEXT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
        container_name TEXT NOT NULL,
        policy TEXT NOT NULL CHECK (policy IN ('off', 'digest', 'patch', 'minor', 'major')),
        window_cron TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (host_id, container_name)
      );
    `);
  },
};
