import {
  updateStepsSchema,
  type UpdateEntry,
  type UpdateKind,
  type UpdateStatus,
} from '@shared/schemas/updates';
import type { Db } from '../store/database';

export interface InboxRow {
  id: number;
  host_id: string;
  container_name: string;
  container_id: string;
  image: string;
  registry: string;
  repository: string;
  platform: string;
  current_tag: string | null;
  current_digest: string | null;
  available_tag: string;
  available_digest: string | null;
  kind: UpdateKind;
  steps: string;
  status: UpdateStatus;
  snoozed_until: string | null;
  ignored_version: string | null;
  first_seen: string;
  last_checked: string;
  group_id: number | null;
  group_name: string | null;
}

/** The fields a check writes for one container. */
export interface InboxWrite {
  hostId: string;
  containerName: string;
  containerId: string;
  image: string;
  registry: string;
  repository: string;
  platform: string;
  currentTag: string | null;
  currentDigest: string | null;
  availableTag: string;
  availableDigest: string | null;
  kind: UpdateKind;
  /** JSON of the newest tag per kind ([{ tag, kind }]), safest first; '[]' for digest updates. */
  steps: string;
}

export interface InboxFilter {
  hostId?: string;
  groupId?: number;
  kinds?: UpdateKind[];
  statuses?: UpdateStatus[];
}

const SELECT = `SELECT u.*, g.id AS group_id, g.name AS group_name
  FROM updates u
  LEFT JOIN update_group_members m ON m.image = u.registry || '/' || u.repository
  LEFT JOIN update_groups g ON g.id = m.group_id`;

/** SQL for the updates inbox; the rules (re-open, ignore, snooze) are in InboxService. */
export class InboxRepository {
  constructor(private readonly db: Db) {}

  list(filter: InboxFilter): InboxRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.hostId !== undefined) {
      where.push('u.host_id = ?');
      params.push(filter.hostId);
    }
    if (filter.groupId !== undefined) {
      where.push('g.id = ?');
      params.push(filter.groupId);
    }
    for (const [column, values] of [
      ['u.kind', filter.kinds],
      ['u.status', filter.statuses],
    ] as const) {
      if (values && values.length > 0) {
        where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
        params.push(...values);
      }
    }
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    return this.db
      .prepare(`${SELECT}${clause} ORDER BY u.host_id, u.container_name`)
      .all(...params) as InboxRow[];
  }

  byIds(ids: readonly number[]): InboxRow[] {
    if (ids.length === 0) return [];
    return this.db
      .prepare(`${SELECT} WHERE u.id IN (${ids.map(() => '?').join(', ')})`)
      .all(...ids) as InboxRow[];
  }

  forHost(hostId: string): InboxRow[] {
    return this.db.prepare(`${SELECT} WHERE u.host_id = ?`).all(hostId) as InboxRow[];
  }

  insert(write: InboxWrite, now: Date): number {
    const result = this.db
      .prepare(
        `INSERT INTO updates (host_id, container_name, container_id, image, registry, repository, platform,
           current_tag, current_digest, available_tag, available_digest, kind, steps, status, first_seen,
           last_checked)
         VALUES (@hostId, @containerName, @containerId, @image, @registry, @repository, @platform,
           @currentTag, @currentDigest, @availableTag, @availableDigest, @kind, @steps, 'new', @now, @now)`,
      )
      .run({ ...write, now: now.toISOString() });
    return Number(result.lastInsertRowid);
  }

  /** Same version seen again: refresh what the container runs and when it was checked. */
  touch(id: number, write: InboxWrite, now: Date): void {
    this.db
      .prepare(
        `UPDATE updates SET container_id = @containerId, image = @image, platform = @platform,
           current_tag = @currentTag, current_digest = @currentDigest, steps = @steps, last_checked = @now
         WHERE id = @id`,
      )
      .run({ ...write, now: now.toISOString(), id });
  }

  /** A different version: replace it, with the status the service decided. */
  replace(id: number, write: InboxWrite, status: UpdateStatus, now: Date): void {
    this.db
      .prepare(
        `UPDATE updates SET container_id = @containerId, image = @image, registry = @registry,
           repository = @repository, platform = @platform, current_tag = @currentTag,
           current_digest = @currentDigest, available_tag = @availableTag, available_digest = @availableDigest,
           kind = @kind, steps = @steps, status = @status, first_seen = @now, last_checked = @now,
           snoozed_until = CASE WHEN @status = 'snoozed' THEN snoozed_until ELSE NULL END,
           ignored_version = CASE WHEN @status = 'ignored' THEN ignored_version ELSE NULL END
         WHERE id = @id`,
      )
      .run({ ...write, status, now: now.toISOString(), id });
  }

  remove(ids: readonly number[]): void {
    const statement = this.db.prepare('DELETE FROM updates WHERE id = ?');
    for (const id of ids) statement.run(id);
  }

  setStatus(
    ids: readonly number[],
    status: UpdateStatus,
    extra: { snoozedUntil?: string | null } = {},
  ): number {
    const statement = this.db.prepare(
      `UPDATE updates SET status = ?, snoozed_until = ?,
         ignored_version = CASE WHEN ? = 'ignored' THEN ignored_version ELSE NULL END WHERE id = ?`,
    );
    let changed = 0;
    for (const id of ids) changed += statement.run(status, extra.snoozedUntil ?? null, status, id).changes;
    return changed;
  }

  ignore(id: number, version: string): number {
    return this.db
      .prepare(
        `UPDATE updates SET status = 'ignored', snoozed_until = NULL, ignored_version = ? WHERE id = ?`,
      )
      .run(version, id).changes;
  }

  /** Snoozes that ran out become new again; returns the hosts affected. */
  expireSnoozes(now: Date): string[] {
    const rows = this.db
      .prepare(`SELECT DISTINCT host_id FROM updates WHERE status = 'snoozed' AND snoozed_until <= ?`)
      .all(now.toISOString()) as Array<{ host_id: string }>;
    if (rows.length === 0) return [];
    this.db
      .prepare(
        `UPDATE updates SET status = 'new', snoozed_until = NULL WHERE status = 'snoozed' AND snoozed_until <= ?`,
      )
      .run(now.toISOString());
    return rows.map((row) => row.host_id);
  }

  nextSnoozeEnd(): string | null {
    const row = this.db
      .prepare(`SELECT MIN(snoozed_until) AS until FROM updates WHERE status = 'snoozed'`)
      .get() as { until: string | null };
    return row.until;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

export function toEntry(row: InboxRow, link: (registry: string, repository: string) => string): UpdateEntry {
  return {
    id: row.id,
    hostId: row.host_id,
    containerId: row.container_id,
    containerName: row.container_name,
    image: row.image,
    registry: row.registry,
    repository: row.repository,
    platform: row.platform,
    currentTag: row.current_tag,
    currentDigest: row.current_digest,
    availableTag: row.available_tag,
    availableDigest: row.available_digest,
    kind: row.kind,
    steps: parseSteps(row.steps),
    status: row.status,
    snoozedUntil: row.snoozed_until,
    ignoredVersion: row.ignored_version,
    firstSeen: row.first_seen,
    lastChecked: row.last_checked,
    groupId: row.group_id,
    groupName: row.group_name,
    registryLink: link(row.registry, row.repository),
  };
}

function parseSteps(text: string): UpdateEntry['steps'] {
  try {
    const parsed = updateStepsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
