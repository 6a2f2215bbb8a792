import { AppError } from '@shared/rpc/errors';
import type { Deploy, DeployState, DeployStep, DeployStepRecord } from '@shared/schemas/deploys';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import type { ContainerSnapshot } from './container-snapshot';

interface DeployRow {
  id: number;
  host_id: string;
  container_name: string;
  image: string;
  digest: string | null;
  previous_image: string | null;
  state: DeployState;
  step: DeployStep;
  reason: string | null;
  snapshot: string | null;
  new_container_id: string | null;
  passed_gate: number;
  kind: Deploy['kind'];
  workload_id: number | null;
  stage: string | null;
  plan: string | null;
  created_at: string;
  finished_at: string | null;
}

interface StepRow {
  id: number;
  step: DeployStep;
  state: DeployStepRecord['state'];
  detail: string | null;
  started_at: string;
  finished_at: string | null;
}

/** Where a deploy comes from: an in-place update (default) or a workload stage's blue-green deploy. */
export interface DeployOrigin {
  kind: Deploy['kind'];
  workloadId: number | null;
  stage: string | null;
}

/** What the engine and crash recovery need beyond the public record. */
export interface JournalEntry {
  deploy: Deploy;
  snapshot: ContainerSnapshot | null;
  newContainerId: string | null;
  passedGate: boolean;
  /** A blue-green deploy's record of what it touched (see blue-green.ts). */
  plan: unknown;
}

/**
 * The deploy journal in SQLite. Every change is written before the step it announces runs, so whatever
 * the core knew when it stopped is on disk. The unique index on running deploys is the per-container lock.
 */
export class DeployJournal {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Opens a deploy in its `lock` step, or BUSY naming the deploy that holds the container. */
  open(hostId: string, containerName: string, image: string, origin?: DeployOrigin): number {
    const now = this.now();
    try {
      const result = this.db
        .prepare(
          `INSERT INTO deploys (host_id, container_name, image, state, step, created_at, kind, workload_id, stage)
           VALUES (?, ?, ?, 'running', 'lock', ?, ?, ?, ?)`,
        )
        .run(
          hostId,
          containerName,
          image,
          now,
          origin?.kind ?? 'in-place',
          origin?.workloadId ?? null,
          origin?.stage ?? null,
        );
      const id = Number(result.lastInsertRowid);
      this.beginStep(id, 'lock');
      return id;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const holder = this.runningFor(hostId, containerName);
      throw new AppError(
        'BUSY',
        `${containerName} is being deployed already (deploy ${holder?.id ?? '?'} of ${holder?.image ?? 'an image'}, ` +
          `step ${holder?.step ?? 'unknown'}); wait for it or cancel it`,
      );
    }
  }

  /** Ends the current step as done and starts the next one (one transaction: never two steps open). */
  advance(id: number, next: DeployStep, detail?: string): void {
    this.db.transaction(() => {
      this.finishOpenStep(id, 'done', detail ?? null);
      this.beginStep(id, next);
    })();
  }

  /** Adds a line to the current step's detail (health attempts, pull summary) without ending it. */
  note(id: number, detail: string): void {
    this.db
      .prepare(
        `UPDATE deploy_steps SET detail = ? WHERE id = (SELECT MAX(id) FROM deploy_steps WHERE deploy_id = ?)`,
      )
      .run(detail, id);
  }

  set(
    id: number,
    fields: Partial<{
      digest: string;
      previousImage: string;
      snapshot: ContainerSnapshot;
      newContainerId: string | null;
      passedGate: boolean;
      reason: string;
      plan: unknown;
    }>,
  ): void {
    const columns: Record<string, unknown> = {
      digest: fields.digest,
      previous_image: fields.previousImage,
      snapshot: fields.snapshot === undefined ? undefined : JSON.stringify(fields.snapshot),
      new_container_id: fields.newContainerId,
      passed_gate: fields.passedGate === undefined ? undefined : Number(fields.passedGate),
      reason: fields.reason,
      plan: fields.plan === undefined ? undefined : JSON.stringify(fields.plan),
    };
    const entries = Object.entries(columns).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    const assignments = entries.map(([column]) => `${column} = ?`).join(', ');
    this.db
      .prepare(`UPDATE deploys SET ${assignments} WHERE id = ?`)
      .run(...entries.map(([, value]) => value), id);
  }

  /** Ends the deploy: the open step closes as done (or failed when the deploy did not succeed). */
  finish(id: number, state: Exclude<DeployState, 'running'>, reason?: string): void {
    this.db.transaction(() => {
      this.finishOpenStep(id, state === 'done' || state === 'rolled-back' ? 'done' : 'failed', null);
      this.db
        .prepare(`UPDATE deploys SET state = ?, reason = COALESCE(?, reason), finished_at = ? WHERE id = ?`)
        .run(state, reason ?? null, this.now(), id);
    })();
  }

  /** Marks the open step failed with its reason (the deploy goes on to roll back). */
  failStep(id: number, reason: string): void {
    this.db.transaction(() => {
      this.finishOpenStep(id, 'failed', reason);
      this.db.prepare(`UPDATE deploys SET reason = ? WHERE id = ?`).run(reason, id);
    })();
  }

  entry(id: number): JournalEntry | null {
    const row = this.db.prepare('SELECT * FROM deploys WHERE id = ?').get(id) as DeployRow | undefined;
    return row ? this.toEntry(row) : null;
  }

  get(id: number): Deploy {
    const entry = this.entry(id);
    if (!entry) throw new AppError('NOT_FOUND', `Deploy ${id} does not exist`);
    return entry.deploy;
  }

  list(
    filter: { hostId?: string; containerName?: string; workloadId?: number; limit?: number } = {},
  ): Deploy[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM deploys
         WHERE (@hostId IS NULL OR host_id = @hostId) AND (@name IS NULL OR container_name = @name)
           AND (@workloadId IS NULL OR workload_id = @workloadId)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({
        hostId: filter.hostId ?? null,
        name: filter.containerName ?? null,
        workloadId: filter.workloadId ?? null,
        limit: filter.limit ?? 200,
      }) as DeployRow[];
    return rows.map((row) => this.toEntry(row).deploy);
  }

  /** Deploys a stopped core left running: crash recovery reconciles each. */
  unfinished(hostId?: string): JournalEntry[] {
    const rows = this.db
      .prepare(`SELECT * FROM deploys WHERE state = 'running' AND (? IS NULL OR host_id = ?) ORDER BY id`)
      .all(hostId ?? null, hostId ?? null) as DeployRow[];
    return rows.map((row) => this.toEntry(row));
  }

  private runningFor(hostId: string, containerName: string): DeployRow | undefined {
    return this.db
      .prepare(`SELECT * FROM deploys WHERE host_id = ? AND container_name = ? AND state = 'running'`)
      .get(hostId, containerName) as DeployRow | undefined;
  }

  private beginStep(id: number, step: DeployStep): void {
    this.db
      .prepare(`INSERT INTO deploy_steps (deploy_id, step, state, started_at) VALUES (?, ?, 'started', ?)`)
      .run(id, step, this.now());
    this.db.prepare(`UPDATE deploys SET step = ? WHERE id = ?`).run(step, id);
  }

  private finishOpenStep(id: number, state: 'done' | 'failed', detail: string | null): void {
    this.db
      .prepare(
        // A closing detail is added to what the step noted while it ran (a wait, the last attempt).
        `UPDATE deploy_steps
         SET state = @state, finished_at = @now,
             detail = CASE WHEN @detail IS NULL THEN detail WHEN detail IS NULL THEN @detail
                           ELSE detail || '; ' || @detail END
         WHERE deploy_id = @id AND state = 'started'`,
      )
      .run({ state, now: this.now(), detail, id });
  }

  private toEntry(row: DeployRow): JournalEntry {
    const steps = this.db
      .prepare('SELECT * FROM deploy_steps WHERE deploy_id = ? ORDER BY id')
      .all(row.id) as StepRow[];
    return {
      deploy: {
        id: row.id,
        hostId: row.host_id,
        containerName: row.container_name,
        kind: row.kind,
        workloadId: row.workload_id,
        stage: row.stage,
        image: row.image,
        digest: row.digest,
        previousImage: row.previous_image,
        state: row.state,
        step: row.step,
        reason: row.reason,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
        steps: steps.map((step) => ({
          step: step.step,
          state: step.state,
          detail: step.detail,
          startedAt: step.started_at,
          finishedAt: step.finished_at,
        })),
      },
      snapshot: row.snapshot ? (JSON.parse(row.snapshot) as ContainerSnapshot) : null,
      newContainerId: row.new_container_id,
      passedGate: row.passed_gate === 1,
      plan: row.plan ? (JSON.parse(row.plan) as unknown) : null,
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
