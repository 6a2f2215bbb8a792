import type { Migration } from '../migrator';

/**
 * Webhook intake. `webhook_deliveries` is both the delivery log and the work queue: a delivery is written
 * (state `queued`) before the 2xx goes out and processed after, so a restart in between loses nothing.
 * The `diun_*` tables keep DIUN notifications the way the DIUN dashboard does (one row per image, tags,
 * one tag per image), so its REST API can be served unchanged.
 */
export const webhooksMigration: Migration = {
  id: 12,
  name: 'webhooks',
  up(db) {
    db.exec(`
      CREATE TABLE webhook_config (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at TEXT NOT NULL,
        source TEXT NOT NULL,
        remote TEXT NOT NULL,
        status INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'failed', 'ignored', 'duplicate', 'rejected')),
        dedupe_key TEXT,
        payload TEXT,
        image TEXT,
        action TEXT NOT NULL DEFAULT '',
        finished_at TEXT
      );
      CREATE INDEX webhook_deliveries_queued ON webhook_deliveries (state) WHERE state = 'queued';
      CREATE INDEX webhook_deliveries_dedupe ON webhook_deliveries (source, dedupe_key, received_at);
      CREATE TABLE diun_updates (
        image TEXT PRIMARY KEY,
        diun_version TEXT NOT NULL DEFAULT '',
        hostname TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        provider TEXT NOT NULL DEFAULT '',
        hub_link TEXT NOT NULL DEFAULT '',
        mime_type TEXT NOT NULL DEFAULT '',
        digest TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL DEFAULT '',
        platform TEXT NOT NULL DEFAULT '',
        ctn_name TEXT NOT NULL DEFAULT '',
        ctn_id TEXT NOT NULL DEFAULT '',
        ctn_state TEXT NOT NULL DEFAULT '',
        ctn_status TEXT NOT NULL DEFAULT '',
        received_at TEXT NOT NULL,
        acknowledged_at TEXT,
        host_id TEXT REFERENCES hosts (id) ON DELETE SET NULL,
        matched_container TEXT
      );
      CREATE TABLE diun_tags (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE
      );
      CREATE TABLE diun_tag_assignments (
        image TEXT PRIMARY KEY,
        tag_id INTEGER NOT NULL REFERENCES diun_tags (id) ON DELETE CASCADE
      );
    `);
  },
};
