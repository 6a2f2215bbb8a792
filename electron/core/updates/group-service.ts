import { AppError } from '@shared/rpc/errors';
import type { Group } from '@shared/schemas/updates';
import type { EventBus } from '../events/event-bus';
import { parseImageReference } from '../registry/image-reference';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';

/** User-named groups ("production") with at most one group per image (registry/repository). */
export class GroupService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  list(): Group[] {
    return this.db
      .prepare(
        `SELECT g.id, g.name, COUNT(m.image) AS images FROM update_groups g
         LEFT JOIN update_group_members m ON m.group_id = g.id GROUP BY g.id ORDER BY g.name COLLATE NOCASE`,
      )
      .all() as Group[];
  }

  create(name: string): Group {
    const exists = this.db.prepare('SELECT 1 FROM update_groups WHERE name = ?').get(name);
    if (exists) throw new AppError('CONFLICT', `A group named "${name}" already exists`);
    const result = this.db
      .prepare('INSERT INTO update_groups (name, created_at) VALUES (?, ?)')
      .run(name, this.clock.now().toISOString());
    return { id: Number(result.lastInsertRowid), name, images: 0 };
  }

  remove(id: number): { id: number } {
    const removed = this.db.prepare('DELETE FROM update_groups WHERE id = ?').run(id).changes;
    if (removed === 0) throw new AppError('NOT_FOUND', `Group ${id} does not exist`);
    this.events.emit('updates.changed', { reason: 'group', hostIds: [] });
    return { id };
  }

  /** Accepts `nginx`, `nginx:1.25`, `docker.io/library/nginx` alike: the group belongs to the repository. */
  assign(groupId: number | null, images: readonly string[]): number {
    if (groupId !== null && !this.db.prepare('SELECT 1 FROM update_groups WHERE id = ?').get(groupId)) {
      throw new AppError('NOT_FOUND', `Group ${groupId} does not exist`);
    }
    const keys = images.map((image) => {
      const ref = parseImageReference(image);
      return `${ref.registry}/${ref.repository}`;
    });
    const upsert = this.db.prepare(
      `INSERT INTO update_group_members (image, group_id) VALUES (?, ?)
       ON CONFLICT(image) DO UPDATE SET group_id = excluded.group_id`,
    );
    const remove = this.db.prepare('DELETE FROM update_group_members WHERE image = ?');
    this.db.transaction(() => {
      for (const key of keys) {
        if (groupId === null) remove.run(key);
        else upsert.run(key, groupId);
      }
    })();
    this.events.emit('updates.changed', { reason: 'group', hostIds: [] });
    return keys.length;
  }
}
