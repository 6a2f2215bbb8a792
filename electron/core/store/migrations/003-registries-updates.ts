import type { Migration } from '../migrator';

/** Registries, the update poller's schedules and check results, the updates inbox, groups, notifiers. */
export const registriesUpdatesMigration: Migration = {
  id: 3,
  name: 'registries-updates',
  up(db) {
    db.exec(`
      CREATE TABLE registries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        host TEXT NOT NULL UNIQUE,
        username TEXT,
        has_secret INTEGER NOT NULL DEFAULT 0,
        insecure INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      CREATE TABLE update_schedules (
        host_id TEXT PRIMARY KEY,
        interval_minutes INTEGER NOT NULL,
        cron TEXT,
        jitter_minutes INTEGER NOT NULL,
        last_run TEXT,
        last_result TEXT,
        next_run TEXT
      );

      CREATE TABLE image_checks (
        check_key TEXT PRIMARY KEY,
        registry TEXT NOT NULL,
        repository TEXT NOT NULL,
        tag TEXT NOT NULL,
        platform TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        remote_digest TEXT,
        checked_at TEXT NOT NULL,
        containers INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE update_groups (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL
      );

      -- One group per image (registry/repository), like the DIUN dashboard's tag assignments.
      CREATE TABLE update_group_members (
        image TEXT PRIMARY KEY,
        group_id INTEGER NOT NULL REFERENCES update_groups(id) ON DELETE CASCADE
      );

      CREATE TABLE updates (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        host_id TEXT NOT NULL,
        container_name TEXT NOT NULL,
        container_id TEXT NOT NULL,
        image TEXT NOT NULL,
        registry TEXT NOT NULL,
        repository TEXT NOT NULL,
        platform TEXT NOT NULL,
        current_tag TEXT,
        current_digest TEXT,
        available_tag TEXT NOT NULL,
        available_digest TEXT,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        snoozed_until TEXT,
        ignored_version TEXT,
        first_seen TEXT NOT NULL,
        last_checked TEXT NOT NULL,
        UNIQUE (host_id, container_name)
      );
      CREATE INDEX updates_status ON updates (status);

      -- What was already announced, so a notification is never repeated for the same version.
      CREATE TABLE update_notifications (
        host_id TEXT NOT NULL,
        container_name TEXT NOT NULL,
        version TEXT NOT NULL,
        notified_at TEXT NOT NULL,
        PRIMARY KEY (host_id, container_name, version)
      );

      CREATE TABLE update_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE notifiers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        target TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
      );
    `);
  },
};
