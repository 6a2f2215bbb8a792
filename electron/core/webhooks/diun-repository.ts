import type { DiunUpdate } from '@shared/schemas/webhooks';
import type { Db } from '../store/database';

/** A DIUN webhook notification, as DIUN sends it (the fields the DIUN dashboard keeps). */
export interface DiunEvent {
  diun_version: string;
  hostname: string;
  status: string;
  provider: string;
  image: string;
  hub_link: string;
  mime_type: string;
  digest: string;
  created: string;
  platform: string;
  metadata: { ctn_names: string; ctn_id: string; ctn_state: string; ctn_status: string };
}

interface UpdateRow {
  image: string;
  diun_version: string;
  hostname: string;
  status: string;
  provider: string;
  hub_link: string;
  mime_type: string;
  digest: string;
  created: string;
  platform: string;
  ctn_name: string;
  ctn_id: string;
  ctn_state: string;
  ctn_status: string;
  received_at: string;
  acknowledged_at: string | null;
  host_id: string | null;
  matched_container: string | null;
  tag_id: number | null;
  tag_name: string | null;
}

export interface DiunTag {
  id: number;
  name: string;
}

/** What `GET /api/updates` answers per image (the DIUN dashboard's shape). */
export interface DiunDashboardEntry {
  event: DiunEvent;
  received_at: string;
  acknowledged: boolean;
  tag: DiunTag | null;
}

const SELECT = `SELECT u.*, t.id AS tag_id, t.name AS tag_name FROM diun_updates u
  LEFT JOIN diun_tag_assignments a ON a.image = u.image LEFT JOIN diun_tags t ON t.id = a.tag_id`;

/** DIUN notifications, tags and tag assignments, keyed the way the DIUN dashboard keys them (by image). */
export class DiunRepository {
  constructor(private readonly db: Db) {}

  /** Replaces the image's row: a newer notification wins and is unacknowledged again. */
  upsert(event: DiunEvent, match: { hostId: string | null; container: string | null }, now: Date): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO diun_updates (image, diun_version, hostname, status, provider, hub_link,
           mime_type, digest, created, platform, ctn_name, ctn_id, ctn_state, ctn_status, received_at,
           acknowledged_at, host_id, matched_container)
         VALUES (@image, @diun_version, @hostname, @status, @provider, @hub_link, @mime_type, @digest,
           @created, @platform, @ctn_name, @ctn_id, @ctn_state, @ctn_status, @received_at, NULL, @host_id,
           @matched_container)`,
      )
      .run({
        image: event.image,
        diun_version: event.diun_version,
        hostname: event.hostname,
        status: event.status,
        provider: event.provider,
        hub_link: event.hub_link,
        mime_type: event.mime_type,
        digest: event.digest,
        created: event.created,
        platform: event.platform,
        ctn_name: event.metadata.ctn_names,
        ctn_id: event.metadata.ctn_id,
        ctn_state: event.metadata.ctn_state,
        ctn_status: event.metadata.ctn_status,
        received_at: now.toISOString(),
        host_id: match.hostId,
        matched_container: match.container,
      });
  }

  list(): DiunUpdate[] {
    const rows = this.db.prepare(`${SELECT} ORDER BY u.received_at DESC`).all() as UpdateRow[];
    return rows.map((row) => ({
      image: row.image,
      hostname: row.hostname,
      status: row.status,
      provider: row.provider,
      digest: row.digest,
      platform: row.platform,
      hubLink: row.hub_link,
      containerName: row.ctn_name,
      receivedAt: row.received_at,
      acknowledged: row.acknowledged_at !== null,
      tag: row.tag_id === null ? null : { id: row.tag_id, name: row.tag_name ?? '' },
      hostId: row.host_id,
      matchedContainer: row.matched_container,
    }));
  }

  /** The DIUN dashboard's `GET /api/updates` body: an object keyed by image. */
  dashboard(): Record<string, DiunDashboardEntry> {
    const rows = this.db.prepare(`${SELECT} ORDER BY u.image`).all() as UpdateRow[];
    const result: Record<string, DiunDashboardEntry> = {};
    for (const row of rows) {
      result[row.image] = {
        event: {
          diun_version: row.diun_version,
          hostname: row.hostname,
          status: row.status,
          provider: row.provider,
          image: row.image,
          hub_link: row.hub_link,
          mime_type: row.mime_type,
          digest: row.digest,
          created: row.created,
          platform: row.platform,
          metadata: {
            ctn_names: row.ctn_name,
            ctn_id: row.ctn_id,
            ctn_state: row.ctn_state,
            ctn_status: row.ctn_status,
          },
        },
        received_at: row.received_at,
        acknowledged: row.acknowledged_at !== null,
        tag: row.tag_id === null ? null : { id: row.tag_id, name: row.tag_name ?? '' },
      };
    }
    return result;
  }

  /** false when no such image. */
  acknowledge(image: string, now: Date): boolean {
    return (
      this.db
        .prepare('UPDATE diun_updates SET acknowledged_at = ? WHERE image = ?')
        .run(now.toISOString(), image).changes > 0
    );
  }

  tags(): DiunTag[] {
    return this.db.prepare('SELECT id, name FROM diun_tags ORDER BY name').all() as DiunTag[];
  }

  /** null when the name is taken. */
  createTag(name: string): DiunTag | null {
    const result = this.db.prepare('INSERT OR IGNORE INTO diun_tags (name) VALUES (?)').run(name);
    if (result.changes === 0) return null;
    return { id: Number(result.lastInsertRowid), name };
  }

  /** false when no such tag; its assignments go with it. */
  deleteTag(id: number): boolean {
    return this.db.prepare('DELETE FROM diun_tags WHERE id = ?').run(id).changes > 0;
  }

  /** false when no such tag. One tag per image: a second assignment replaces the first. */
  assign(image: string, tagId: number): boolean {
    if (!this.db.prepare('SELECT 1 FROM diun_tags WHERE id = ?').get(tagId)) return false;
    this.db
      .prepare('INSERT OR REPLACE INTO diun_tag_assignments (image, tag_id) VALUES (?, ?)')
      .run(image, tagId);
    return true;
  }

  unassign(image: string): void {
    this.db.prepare('DELETE FROM diun_tag_assignments WHERE image = ?').run(image);
  }
}
