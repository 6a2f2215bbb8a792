import { AppError } from '@shared/rpc/errors';
import type {
  Stage,
  StageInput,
  Workload,
  WorkloadEnv,
  WorkloadInputParsed,
  WorkloadVolume,
} from '@shared/schemas/workloads';
import type { Db } from '../store/database';
import { StatementCache } from '../store/statement-cache';
import type { Clock } from '../util/clock';

interface WorkloadRow {
  id: number;
  host_id: string;
  name: string;
  image: string;
  port: number;
  health_path: string | null;
  env: string;
  volumes: string;
  cpus: number | null;
  memory_mb: number | null;
  network: string | null;
  created_at: string;
  updated_at: string;
}

interface StageRow {
  id: number;
  workload_id: number;
  position: number;
  name: string;
  tag_pattern: string;
  auto_deploy: number;
  max_instances: number;
  confirm: number;
  promote_from: string | null;
  subdomain: string | null;
  pinned_tag: string | null;
  swarm_service: string | null;
  pending_tag: string | null;
  deployed_digest: string | null;
}

/** Stored env: secret values never reach the database (the secret store holds them by key). */
type StoredEnv = Array<{ key: string; value: string | null; secret: boolean }>;

/** Workloads and their stages. Secrets are the caller's business: `env` arrives here without secret values. */
export class WorkloadRepository {
  /** A pushed image looks at every workload and its stages: statements prepared once. */
  private readonly sql: StatementCache;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.sql = new StatementCache(db);
  }

  list(hostId?: string): Workload[] {
    const rows = (
      hostId === undefined
        ? this.sql.get('SELECT * FROM workloads ORDER BY name, id').all()
        : this.sql.get('SELECT * FROM workloads WHERE host_id = ? ORDER BY name, id').all(hostId)
    ) as WorkloadRow[];
    return rows.map((row) => this.toWorkload(row));
  }

  get(id: number): Workload {
    const row = this.sql.get('SELECT * FROM workloads WHERE id = ?').get(id) as WorkloadRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `Workload ${id} does not exist`);
    return this.toWorkload(row);
  }

  findByName(hostId: string, name: string): Workload | null {
    const row = this.sql.get('SELECT * FROM workloads WHERE host_id = ? AND name = ?').get(hostId, name) as
      WorkloadRow | undefined;
    return row ? this.toWorkload(row) : null;
  }

  create(input: WorkloadInputParsed): Workload {
    this.refuseTakenName(input.hostId, input.name, null);
    const now = this.clock.now().toISOString();
    const id = this.db.transaction(() => {
      const result = this.sql
        .get(
          `INSERT INTO workloads (host_id, name, image, port, health_path, env, volumes, cpus, memory_mb, network,
             created_at, updated_at)
           VALUES (@hostId, @name, @image, @port, @healthPath, @env, @volumes, @cpus, @memoryMb, @network, @now, @now)`,
        )
        .run({ ...columns(input), now });
      const workloadId = Number(result.lastInsertRowid);
      this.writeStages(workloadId, input.stages);
      return workloadId;
    })();
    return this.get(id);
  }

  /** Replaces the configuration; stages are matched by name so their pending tag and pin state survive. */
  update(id: number, input: WorkloadInputParsed): Workload {
    this.get(id);
    this.refuseTakenName(input.hostId, input.name, id);
    const now = this.clock.now().toISOString();
    this.db.transaction(() => {
      this.sql
        .get(
          `UPDATE workloads SET host_id = @hostId, name = @name, image = @image, port = @port,
             health_path = @healthPath, env = @env, volumes = @volumes, cpus = @cpus, memory_mb = @memoryMb,
             network = @network, updated_at = @now
           WHERE id = @id`,
        )
        .run({ ...columns(input), now, id });
      this.writeStages(id, input.stages);
    })();
    return this.get(id);
  }

  remove(id: number): void {
    this.sql.get('DELETE FROM workloads WHERE id = ?').run(id);
  }

  /** A tag waiting for a deploy (auto-deploy off or confirm), or null once it is dealt with. */
  setPendingTag(stageId: number, tag: string | null): void {
    this.sql.get('UPDATE workload_stages SET pending_tag = ? WHERE id = ?').run(tag, stageId);
  }

  /** Clears the pending tag when it is the one just deployed. */
  clearPendingTag(stageId: number, tag: string | null): void {
    this.sql
      .get('UPDATE workload_stages SET pending_tag = NULL WHERE id = ? AND pending_tag IS ?')
      .run(stageId, tag);
  }

  setDeployedDigest(stageId: number, digest: string | null): void {
    this.sql.get('UPDATE workload_stages SET deployed_digest = ? WHERE id = ?').run(digest, stageId);
  }

  private refuseTakenName(hostId: string, name: string, except: number | null): void {
    const other = this.findByName(hostId, name);
    if (other && other.id !== except) {
      throw new AppError('CONFLICT', `A workload named ${name} already exists on this host`, 'name');
    }
  }

  private writeStages(workloadId: number, stages: readonly StageInput[]): void {
    const names = stages.map((stage) => stage.name);
    if (new Set(names).size !== names.length) {
      throw new AppError('VALIDATION', 'Two stages have the same name', 'stages');
    }
    for (const stage of stages) {
      if (stage.promoteFrom !== null && !names.includes(stage.promoteFrom)) {
        throw new AppError(
          'VALIDATION',
          `Stage ${stage.name} promotes from ${stage.promoteFrom}, which is not a stage of this workload`,
          'stages',
        );
      }
      if (stage.promoteFrom === stage.name) {
        throw new AppError('VALIDATION', `Stage ${stage.name} cannot promote from itself`, 'stages');
      }
    }
    const placeholders = names.map(() => '?').join(', ');
    this.sql
      .get(`DELETE FROM workload_stages WHERE workload_id = ? AND name NOT IN (${placeholders})`)
      .run(workloadId, ...names);
    const upsert = this.sql.get(
      `INSERT INTO workload_stages (workload_id, position, name, tag_pattern, auto_deploy, max_instances, confirm,
         promote_from, subdomain, pinned_tag, swarm_service)
       VALUES (@workloadId, @position, @name, @tagPattern, @autoDeploy, @maxInstances, @confirm, @promoteFrom,
         @subdomain, @pinnedTag, @swarmService)
       ON CONFLICT (workload_id, name) DO UPDATE SET position = excluded.position,
         tag_pattern = excluded.tag_pattern, auto_deploy = excluded.auto_deploy,
         max_instances = excluded.max_instances, confirm = excluded.confirm, promote_from = excluded.promote_from,
         subdomain = excluded.subdomain, pinned_tag = excluded.pinned_tag,
         swarm_service = excluded.swarm_service,
         -- a new pin (or none) follows its own digest from now on
         deployed_digest = CASE WHEN workload_stages.pinned_tag IS excluded.pinned_tag
           THEN workload_stages.deployed_digest ELSE NULL END`,
    );
    stages.forEach((stage, position) =>
      upsert.run({
        workloadId,
        position,
        name: stage.name,
        tagPattern: stage.tagPattern,
        autoDeploy: stage.autoDeploy ? 1 : 0,
        maxInstances: stage.maxInstances,
        confirm: stage.confirm ? 1 : 0,
        promoteFrom: stage.promoteFrom,
        subdomain: stage.subdomain,
        pinnedTag: stage.pinnedTag,
        swarmService: stage.swarmService,
      }),
    );
  }

  private toWorkload(row: WorkloadRow): Workload {
    const stages = (
      this.sql
        .get('SELECT * FROM workload_stages WHERE workload_id = ? ORDER BY position, id')
        .all(row.id) as StageRow[]
    ).map(toStage);
    return {
      id: row.id,
      hostId: row.host_id,
      name: row.name,
      image: row.image,
      port: row.port,
      healthPath: row.health_path,
      env: JSON.parse(row.env) as WorkloadEnv[],
      volumes: JSON.parse(row.volumes) as WorkloadVolume[],
      cpus: row.cpus,
      memoryMb: row.memory_mb,
      network: row.network,
      stages,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}

function columns(input: WorkloadInputParsed) {
  const env: StoredEnv = input.env.map((entry) => ({
    key: entry.key,
    value: entry.secret ? null : entry.value,
    secret: entry.secret,
  }));
  return {
    hostId: input.hostId,
    name: input.name,
    image: input.image,
    port: input.port,
    healthPath: input.healthPath,
    env: JSON.stringify(env),
    volumes: JSON.stringify(input.volumes),
    cpus: input.cpus,
    memoryMb: input.memoryMb,
    network: input.network,
  };
}

function toStage(row: StageRow): Stage {
  return {
    id: row.id,
    name: row.name,
    tagPattern: row.tag_pattern,
    autoDeploy: row.auto_deploy === 1,
    maxInstances: row.max_instances,
    confirm: row.confirm === 1,
    promoteFrom: row.promote_from,
    subdomain: row.subdomain,
    pinnedTag: row.pinned_tag,
    swarmService: row.swarm_service,
    pendingTag: row.pending_tag,
    deployedDigest: row.deployed_digest,
  };
}
