import type { AutoUpdatePolicy, AutoUpdateSetting } from '@shared/schemas/auto-update';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';

interface Row {
  host_id: string;
  container_name: string;
  policy: AutoUpdatePolicy;
  window_cron: string | null;
  updated_at: string;
}

/** Per-container auto-update settings made in the UI, by host and container name. */
export class AutoUpdateRepository {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  list(hostId?: string): AutoUpdateSetting[] {
    const rows = (
      hostId === undefined
        ? this.db.prepare('SELECT * FROM auto_update_settings ORDER BY host_id, container_name').all()
        : this.db
            .prepare('SELECT * FROM auto_update_settings WHERE host_id = ? ORDER BY container_name')
            .all(hostId)
    ) as Row[];
    return rows.map(toSetting);
  }

  get(hostId: string, containerName: string): AutoUpdateSetting | null {
    const row = this.db
      .prepare('SELECT * FROM auto_update_settings WHERE host_id = ? AND container_name = ?')
      .get(hostId, containerName) as Row | undefined;
    return row ? toSetting(row) : null;
  }

  set(
    hostId: string,
    containerName: string,
    policy: AutoUpdatePolicy,
    window: string | null,
  ): AutoUpdateSetting {
    this.db
      .prepare(
        `INSERT INTO auto_update_settings (host_id, container_name, policy, window_cron, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (host_id, container_name)
         DO UPDATE SET policy = excluded.policy, window_cron = excluded.window_cron, updated_at = excluded.updated_at`,
      )
      .run(hostId, containerName, policy, window, this.clock.now().toISOString());
    return this.get(hostId, containerName) as AutoUpdateSetting;
  }

  remove(hostId: string, containerName: string): void {
    this.db
      .prepare('DELETE FROM auto_update_settings WHERE host_id = ? AND container_name = ?')
      .run(hostId, containerName);
  }
}

function toSetting(row: Row): AutoUpdateSetting {
  return {
    hostId: row.host_id,
    containerName: row.container_name,
    policy: row.policy,
    window: row.window_cron,
    updatedAt: row.updated_at,
  };
}
