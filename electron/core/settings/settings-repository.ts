import type { Db } from '../store/database';

/** Key/value rows: each setting is stored as JSON under its own key so new settings need no migration. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  readAll(): Record<string, unknown> {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{
      key: string;
      value: string;
    }>;
    return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
  }

  writeMany(values: Record<string, unknown>, now: Date): void {
    const upsert = this.db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values))
        upsert.run(key, JSON.stringify(value), now.toISOString());
    })();
  }
}
