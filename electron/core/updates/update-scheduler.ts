import { Cron } from 'croner';
import { AppError } from '@shared/rpc/errors';
import type { Schedule, SetScheduleInput } from '@shared/schemas/updates';
import type { Logger } from '../logging/logger';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import type { HostRef } from './container-source';

import type { Timers } from '../util/timers';

interface ScheduleRow {
  host_id: string;
  interval_minutes: number;
  cron: string | null;
  jitter_minutes: number;
  last_run: string | null;
  last_result: string | null;
  next_run: string | null;
}

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  hosts: () => HostRef[] | Promise<HostRef[]>;
  /** Runs the check of one host; resolves with a one-line result ("3 images, 1 update"). */
  runHost: (hostId: string) => Promise<string>;
  defaultIntervalMinutes: () => number;
  random?: () => number;
}

/** Longest single wait: long timeouts overflow and the wall clock can jump (sleep, NTP). */
const MAX_WAIT_MS = 60 * 60_000;

/**
 * Per-host check schedules (interval or cron, plus random jitter so hosts do not hit a registry at the same
 * second), persisted with last and next run so a restart picks up where it was; a missed run is due at once.
 */
export class UpdateScheduler {
  private timer: unknown = null;
  private ticking: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly deps: SchedulerDeps) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.syncHosts();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  list(): Schedule[] {
    const rows = this.deps.db
      .prepare('SELECT * FROM update_schedules ORDER BY host_id')
      .all() as ScheduleRow[];
    return rows.map(toSchedule);
  }

  /** Adds a schedule for every host that has none (due now: a new host is checked soon). */
  async syncHosts(): Promise<void> {
    const hosts = await this.deps.hosts();
    const insert = this.deps.db.prepare(
      `INSERT OR IGNORE INTO update_schedules (host_id, interval_minutes, cron, jitter_minutes, next_run)
       VALUES (?, ?, NULL, ?, ?)`,
    );
    const interval = this.deps.defaultIntervalMinutes();
    for (const host of hosts) {
      insert.run(host.id, interval, defaultJitter(interval), this.deps.clock.now().toISOString());
    }
    // A host added while running is due now: the timer may be armed for a later host.
    this.arm();
  }

  set(input: SetScheduleInput): Schedule {
    const current = this.row(input.hostId) ?? {
      host_id: input.hostId,
      interval_minutes: this.deps.defaultIntervalMinutes(),
      cron: null,
      jitter_minutes: defaultJitter(this.deps.defaultIntervalMinutes()),
      last_run: null,
      last_result: null,
      next_run: null,
    };
    const next: ScheduleRow = {
      ...current,
      interval_minutes: input.intervalMinutes ?? current.interval_minutes,
      cron: input.cron === undefined ? current.cron : input.cron,
      jitter_minutes: input.jitterMinutes ?? current.jitter_minutes,
    };
    if (next.cron !== null) validateCron(next.cron);
    next.next_run = this.nextRun(next, this.deps.clock.now()).toISOString();
    this.deps.db
      .prepare(
        `INSERT INTO update_schedules (host_id, interval_minutes, cron, jitter_minutes, last_run, last_result, next_run)
         VALUES (@host_id, @interval_minutes, @cron, @jitter_minutes, @last_run, @last_result, @next_run)
         ON CONFLICT(host_id) DO UPDATE SET interval_minutes = excluded.interval_minutes, cron = excluded.cron,
           jitter_minutes = excluded.jitter_minutes, next_run = excluded.next_run`,
      )
      .run(next);
    this.arm();
    return toSchedule(next);
  }

  /** Records a run started by hand ("check now") without moving the next scheduled run. */
  async recordRun(hostId: string, startedAt: Date, result: string): Promise<void> {
    // The host may have been added since the schedules were last synced; give it its schedule first.
    if (!this.row(hostId)) await this.syncHosts();
    this.deps.db
      .prepare('UPDATE update_schedules SET last_run = ?, last_result = ? WHERE host_id = ?')
      .run(startedAt.toISOString(), result, hostId);
  }

  /** Runs every host whose next run has come, one after another. */
  tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.runDue().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async runDue(): Promise<void> {
    const now = this.deps.clock.now();
    const due = this.list().filter(
      (schedule) => schedule.nextRun !== null && schedule.nextRun <= now.toISOString(),
    );
    for (const schedule of due) {
      if (this.stopped) return;
      const startedAt = this.deps.clock.now();
      let result: string;
      try {
        result = await this.deps.runHost(schedule.hostId);
      } catch (error) {
        result = `failed: ${(error as Error).message}`;
        this.deps.logger.warn('scheduled check failed', { hostId: schedule.hostId, error });
      }
      const row = this.row(schedule.hostId);
      if (!row) continue;
      const nextRun = this.nextRun(row, this.deps.clock.now());
      this.deps.db
        .prepare('UPDATE update_schedules SET last_run = ?, last_result = ?, next_run = ? WHERE host_id = ?')
        .run(startedAt.toISOString(), result, nextRun.toISOString(), schedule.hostId);
    }
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    const next = this.list()
      .map((schedule) => schedule.nextRun)
      .filter((value): value is string => value !== null)
      .sort()[0];
    if (next === undefined) {
      this.timer = null;
      return;
    }
    const wait = Math.min(MAX_WAIT_MS, Math.max(0, Date.parse(next) - this.deps.clock.now().getTime()));
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      void this.tick().then(() => this.arm());
    }, wait);
  }

  private nextRun(row: ScheduleRow, from: Date): Date {
    const jitter = Math.floor((this.deps.random ?? Math.random)() * row.jitter_minutes * 60_000);
    if (row.cron !== null) {
      const next = new Cron(row.cron, { paused: true }).nextRun(from);
      if (next) return new Date(next.getTime() + jitter);
    }
    return new Date(from.getTime() + row.interval_minutes * 60_000 + jitter);
  }

  private row(hostId: string): ScheduleRow | null {
    return (
      (this.deps.db.prepare('SELECT * FROM update_schedules WHERE host_id = ?').get(hostId) as
        ScheduleRow | undefined) ?? null
    );
  }
}

function defaultJitter(intervalMinutes: number): number {
  return Math.min(15, Math.floor(intervalMinutes / 10));
}

function validateCron(pattern: string): void {
  try {
    new Cron(pattern, { paused: true });
  } catch (error) {
    throw new AppError('VALIDATION', `Invalid cron expression "${pattern}": ${(error as Error).message}`);
  }
}

function toSchedule(row: ScheduleRow): Schedule {
  return {
    hostId: row.host_id,
    intervalMinutes: row.interval_minutes,
    cron: row.cron,
    jitterMinutes: row.jitter_minutes,
    lastRun: row.last_run,
    lastResult: row.last_result,
    nextRun: row.next_run,
  };
}
