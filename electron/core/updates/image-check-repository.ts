import type { ImageCheck } from '@shared/schemas/updates';
import { formatPlatform } from '../registry/platform';
import type { Db } from '../store/database';
import type { CheckOutcome } from './image-checker';

/** The last result per distinct image check, for the status page ("rate limited until …", "401"). */
export class ImageCheckRepository {
  constructor(private readonly db: Db) {}

  save(outcomes: readonly CheckOutcome[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO image_checks (check_key, registry, repository, tag, platform, status, reason, remote_digest,
         checked_at, containers)
       VALUES (@key, @registry, @repository, @tag, @platform, @status, @reason, @digest, @checkedAt, @containers)
       ON CONFLICT(check_key) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         remote_digest = excluded.remote_digest, checked_at = excluded.checked_at, containers = excluded.containers`,
    );
    this.db.transaction(() => {
      for (const outcome of outcomes) {
        upsert.run({
          key: outcome.plan.key,
          registry: outcome.plan.registry,
          repository: outcome.plan.repository,
          tag: outcome.plan.tag,
          platform: formatPlatform(outcome.plan.platform),
          status: outcome.status,
          reason: outcome.reason,
          digest: outcome.indexDigest ?? outcome.digest,
          checkedAt: outcome.checkedAt.toISOString(),
          containers: outcome.plan.containers,
        });
      }
    })();
  }

  /** The plan keys (registry/repository:tag|platform) that have a check record. */
  keys(): string[] {
    return this.list().map((check) => `${check.registry}/${check.repository}:${check.tag}|${check.platform}`);
  }

  list(): ImageCheck[] {
    const rows = this.db
      .prepare('SELECT * FROM image_checks ORDER BY registry, repository, tag, platform')
      .all() as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      registry: String(row.registry),
      repository: String(row.repository),
      tag: String(row.tag),
      platform: String(row.platform),
      status: row.status as ImageCheck['status'],
      reason: (row.reason as string | null) ?? null,
      remoteDigest: (row.remote_digest as string | null) ?? null,
      checkedAt: String(row.checked_at),
      containers: Number(row.containers),
    }));
  }
}
