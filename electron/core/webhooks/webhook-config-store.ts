import { DEFAULT_WEBHOOK_CONFIG, webhookConfigSchema, type WebhookConfig } from '@shared/schemas/webhooks';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';

/**
 * The listener's configuration: one JSON row, defaults for what is missing or no longer valid. Read on
 * every request (limits, trusted proxies), so it is parsed once and kept until the next save.
 */
export class WebhookConfigStore {
  private cached: WebhookConfig | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get(): WebhookConfig {
    this.cached ??= this.read();
    return { ...this.cached };
  }

  private read(): WebhookConfig {
    const row = this.db.prepare('SELECT value FROM webhook_config WHERE id = 1').get() as
      { value: string } | undefined;
    if (!row) return { ...DEFAULT_WEBHOOK_CONFIG };
    const stored = safeJson(row.value);
    const result = { ...DEFAULT_WEBHOOK_CONFIG };
    // Field by field: a value written by another version must not take the listener's other settings with it.
    for (const key of Object.keys(DEFAULT_WEBHOOK_CONFIG) as Array<keyof WebhookConfig>) {
      const field = webhookConfigSchema.shape[key].safeParse(stored[key]);
      if (field.success) Object.assign(result, { [key]: field.data });
    }
    return result;
  }

  save(config: WebhookConfig): void {
    this.db
      .prepare(
        `INSERT INTO webhook_config (id, value, updated_at) VALUES (1, ?, ?)
         ON CONFLICT(id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(JSON.stringify(config), this.clock.now().toISOString());
    this.cached = null;
  }
}

function safeJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
