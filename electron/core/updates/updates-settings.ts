import {
  DEFAULT_UPDATES_SETTINGS,
  updatesSettingsSchema,
  type UpdatesSettings,
  type UpdatesSettingsPatch,
} from '@shared/schemas/updates';
import type { Db } from '../store/database';

/** The poller's own settings (watch by default, pre-releases, desktop notifications), one JSON row each. */
export class UpdatesSettingsStore {
  constructor(private readonly db: Db) {}

  get(): UpdatesSettings {
    const rows = this.db.prepare('SELECT key, value FROM update_settings').all() as Array<{
      key: string;
      value: string;
    }>;
    const stored = Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
    const result = { ...DEFAULT_UPDATES_SETTINGS };
    for (const key of Object.keys(DEFAULT_UPDATES_SETTINGS) as Array<keyof UpdatesSettings>) {
      const field = updatesSettingsSchema.shape[key].safeParse(stored[key]);
      if (field.success) result[key] = field.data;
    }
    return result;
  }

  update(patch: UpdatesSettingsPatch): UpdatesSettings {
    const upsert = this.db.prepare(
      'INSERT INTO update_settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch))
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
    })();
    return this.get();
  }
}
