import type { Migration } from '../migrator';

/**
 * One place for settings: the update watch's switches (watch by default, pre-releases, desktop
 * notifications) move from their own table into `settings`, values kept; a value already in
 * `settings` under the same key wins.
 */
export const settingsOnePlaceMigration: Migration = {
  id: 8,
  name: 'settings-one-place',
  up(db) {
    db.exec(`
      INSERT OR IGNORE INTO settings (key, value, updated_at)
        SELECT key, value, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM update_settings
        WHERE key IN ('watchByDefault', 'includePrereleases', 'desktopNotifications');
      DROP TABLE update_settings;
    `);
  },
};
