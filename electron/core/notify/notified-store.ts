import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import type { NotifiedStore } from './notification-planner';

/** Announced versions in SQLite, so a restart does not announce them again. */
export class SqliteNotifiedStore implements NotifiedStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  has(key: string): boolean {
    const [hostId, containerName, version] = key.split('\n');
    return (
      this.db
        .prepare(
          'SELECT 1 FROM update_notifications WHERE host_id = ? AND container_name = ? AND version = ?',
        )
        .get(hostId, containerName, version) !== undefined
    );
  }

  add(key: string): void {
    const [hostId, containerName, version] = key.split('\n');
    this.db
      .prepare(
        `INSERT OR IGNORE INTO update_notifications (host_id, container_name, version, notified_at) VALUES (?, ?, ?, ?)`,
      )
      .run(hostId, containerName, version, this.clock.now().toISOString());
  }
}
