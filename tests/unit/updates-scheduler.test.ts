import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/logging/logger';
import { openDatabase, type Db } from '../../electron/core/store/database';
import { UpdateScheduler } from '../../electron/core/updates/update-scheduler';
import type { Timers } from '../../electron/core/util/timers';

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      pending.set(next, { callback, ms });
      return next++;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
  };
  return { timers, pending };
}

describe('UpdateScheduler', () => {
  let dir: string;
  let db: Db;
  let now: number;
  let runs: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tw-sched-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    now = Date.parse('2026-03-01T10:00:00Z');
    runs = [];
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function scheduler(database = db, timers = manualTimers().timers) {
    return new UpdateScheduler({
      db: database,
      clock: { now: () => new Date(now) },
      timers,
      logger: silentLogger,
      hosts: () => [
        { id: 'h1', name: 'one' },
        { id: 'h2', name: 'two' },
      ],
      runHost: async (hostId) => {
        runs.push(hostId);
        return `checked ${hostId}`;
      },
      defaultIntervalMinutes: () => 360,
      random: () => 0.5,
    });
  }

  it('checks new hosts at once, then every 6 h plus jitter', async () => {
    const manual = manualTimers();
    const s = scheduler(db, manual.timers);
    await s.start();
    expect([...manual.pending.values()][0]?.ms).toBe(0);
    await s.tick();
    expect(runs).toEqual(['h1', 'h2']);
    const [h1] = s.list();
    // 360 min + half of the default 15 min jitter
    expect(h1).toMatchObject({
      lastRun: '2026-03-01T10:00:00.000Z',
      lastResult: 'checked h1',
      jitterMinutes: 15,
    });
    expect(h1?.nextRun).toBe('2026-03-01T16:07:30.000Z');
    now += 3_600_000;
    await s.tick();
    expect(runs).toEqual(['h1', 'h2']);
    s.stop();
  });

  it('persists the schedule across restarts and runs a missed check on start', async () => {
    const first = scheduler();
    await first.start();
    await first.tick();
    first.stop();
    db.close();
    db = openDatabase(join(dir, 'db.sqlite'));
    now += 7 * 3_600_000;
    const manual = manualTimers();
    const second = scheduler(db, manual.timers);
    await second.start();
    expect(second.list().map((s) => s.lastResult)).toEqual(['checked h1', 'checked h2']);
    expect([...manual.pending.values()][0]?.ms).toBe(0);
    await second.tick();
    expect(runs).toEqual(['h1', 'h2', 'h1', 'h2']);
    second.stop();
  });

  it('follows a cron expression and refuses a bad one', async () => {
    const s = scheduler();
    await s.start();
    const schedule = s.set({ hostId: 'h1', cron: '0 3 * * *', jitterMinutes: 0 });
    expect(schedule.nextRun).toBe(new Date(2026, 2, 2, 3, 0, 0).toISOString());
    expect(() => s.set({ hostId: 'h1', cron: 'not a cron' })).toThrow(/Invalid cron/);
    const interval = s.set({ hostId: 'h2', intervalMinutes: 60, jitterMinutes: 0 });
    expect(interval.nextRun).toBe('2026-03-01T11:00:00.000Z');
    s.stop();
  });

  it('records a manual run without moving the next scheduled one', async () => {
    const s = scheduler();
    await s.start();
    await s.tick();
    const before = s.list()[0]?.nextRun;
    now += 60_000;
    await s.recordRun('h1', new Date(now), 'manual');
    expect(s.list()[0]).toMatchObject({ lastResult: 'manual', nextRun: before });
    s.stop();
  });

  it('gives a host saved after start its schedule, due at once, when a manual run is recorded', async () => {
    const s = scheduler();
    // Nothing synced yet: the host list was read before this host existed.
    expect(s.list()).toEqual([]);
    await s.recordRun('h2', new Date(now), 'manual');
    expect(s.list().find((schedule) => schedule.hostId === 'h2')).toMatchObject({
      lastResult: 'manual',
      nextRun: new Date(now).toISOString(),
    });
  });
});
