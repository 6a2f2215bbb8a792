import type { WebhookDelivery, WebhookSource } from '@shared/schemas/webhooks';
import type { Db } from '../store/database';
import { StatementCache } from '../store/statement-cache';

type DeliveryState = WebhookDelivery['state'];

interface DeliveryRow {
  id: number;
  received_at: string;
  source: WebhookSource;
  remote: string;
  status: number;
  state: DeliveryState;
  image: string | null;
  action: string;
  finished_at: string | null;
}

/** A delivery accepted for work: what the worker needs, payload included. */
export interface QueuedDelivery {
  id: number;
  source: WebhookSource;
  payload: string;
}

export interface NewDelivery {
  source: WebhookSource;
  remote: string;
  status: number;
  state: DeliveryState;
  receivedAt: Date;
  dedupeKey?: string | null;
  /** The normalized work item (JSON), only for queued deliveries. */
  payload?: string | null;
  image?: string | null;
  action?: string;
}

/** How long finished deliveries stay in the log (the log is for looking back a few weeks, not an archive). */
const KEEP_DAYS = 30;
/** At most this many rows are kept, whatever their age: a flood of rejected requests cannot fill the disk. */
const KEEP_ROWS = 20_000;

/** The delivery log and the work queue in one table (see migration 012). */
export class DeliveryRepository {
  /** Every delivery runs several of these: prepared once. */
  private readonly sql: StatementCache;

  constructor(db: Db) {
    this.sql = new StatementCache(db);
  }

  insert(delivery: NewDelivery): WebhookDelivery {
    const result = this.sql
      .get(
        `INSERT INTO webhook_deliveries
           (received_at, source, remote, status, state, dedupe_key, payload, image, action, finished_at)
         VALUES (@receivedAt, @source, @remote, @status, @state, @dedupeKey, @payload, @image, @action, @finishedAt)`,
      )
      .run({
        receivedAt: delivery.receivedAt.toISOString(),
        source: delivery.source,
        remote: delivery.remote,
        status: delivery.status,
        state: delivery.state,
        dedupeKey: delivery.dedupeKey ?? null,
        payload: delivery.payload ?? null,
        image: delivery.image ?? null,
        action: delivery.action ?? '',
        finishedAt: delivery.state === 'queued' ? null : delivery.receivedAt.toISOString(),
      });
    return this.get(Number(result.lastInsertRowid));
  }

  get(id: number): WebhookDelivery {
    const row = this.sql.get('SELECT * FROM webhook_deliveries WHERE id = ?').get(id) as DeliveryRow;
    return toDelivery(row);
  }

  /** A delivery with the same key from the same source since `since` (a retry of one already taken). */
  seen(source: WebhookSource, dedupeKey: string, since: Date): boolean {
    const row = this.sql
      .get(
        `SELECT 1 FROM webhook_deliveries
         WHERE source = ? AND dedupe_key = ? AND received_at >= ? AND state NOT IN ('rejected', 'duplicate')
         LIMIT 1`,
      )
      .get(source, dedupeKey, since.toISOString());
    return row !== undefined;
  }

  queued(): QueuedDelivery[] {
    return this.sql
      .get(
        `SELECT id, source, payload FROM webhook_deliveries WHERE state = 'queued' AND payload IS NOT NULL
         ORDER BY id`,
      )
      .all() as QueuedDelivery[];
  }

  /** The work is done: the payload is dropped (the log keeps what was done, not the body). */
  finish(id: number, state: DeliveryState, action: string, now: Date): WebhookDelivery {
    this.sql
      .get(
        `UPDATE webhook_deliveries SET state = ?, action = ?, finished_at = ?, payload = NULL WHERE id = ?`,
      )
      .run(state, action.slice(0, 500), now.toISOString(), id);
    return this.get(id);
  }

  list(filter: { source?: WebhookSource; before?: number; limit?: number }): WebhookDelivery[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.source) {
      where.push('source = ?');
      params.push(filter.source);
    }
    if (filter.before !== undefined) {
      where.push('id < ?');
      params.push(filter.before);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.sql
      .get(`SELECT * FROM webhook_deliveries ${clause} ORDER BY id DESC LIMIT ?`)
      .all(...params, filter.limit ?? 100) as DeliveryRow[];
    return rows.map(toDelivery);
  }

  /** Drops old finished rows; queued ones stay whatever their age. */
  prune(now: Date): void {
    const cutoff = new Date(now.getTime() - KEEP_DAYS * 24 * 3600_000).toISOString();
    this.sql.get(`DELETE FROM webhook_deliveries WHERE state != 'queued' AND received_at < ?`).run(cutoff);
    this.sql
      .get(
        `DELETE FROM webhook_deliveries WHERE state != 'queued'
           AND id <= (SELECT id FROM webhook_deliveries ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      )
      .run(KEEP_ROWS);
  }
}

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    receivedAt: row.received_at,
    source: row.source,
    remote: row.remote,
    status: row.status,
    state: row.state,
    image: row.image,
    action: row.action,
    finishedAt: row.finished_at,
  };
}
