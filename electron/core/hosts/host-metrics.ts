/**
 * Reads a host's CPU, load and memory from /proc over its SSH connection (or on this machine for a local
 * host): one short command per reading, nothing installed on the host. CPU use is the change of the kernel's counters between two readings, so the first
 * reading of a host (or one after a long pause) takes a second sample a second later.
 */
import { AppError } from '@shared/rpc/errors';
import type { HostMetrics } from '@shared/schemas/host-metrics';
import type { CommandOutput } from '../ssh/run-command';
import { systemClock, type Clock } from '../util/clock';

/** Fixed text: the three kernel files the numbers come from. */
export const PROC_COMMAND = 'cat /proc/stat /proc/meminfo /proc/loadavg';

/** One reading of the kernel's counters. */
export interface ProcSnapshot {
  /** Jiffies since boot: all of them, and the idle ones (idle + iowait). */
  total: number;
  idle: number;
  cpus: number;
  load1: number;
  memoryTotalBytes: number;
  memoryAvailableBytes: number;
}

/** A previous reading older than this is not used for the CPU share: it would average over the pause. */
const STALE_AFTER_MS = 5 * 60_000;
const SECOND_SAMPLE_AFTER_MS = 1_000;

export function parseProcSnapshot(text: string): ProcSnapshot | null {
  const cpuLine = /^cpu\s+(.+)$/m.exec(text)?.[1];
  const memTotal = /^MemTotal:\s+(\d+)\s+kB/m.exec(text)?.[1];
  const memAvailable = /^MemAvailable:\s+(\d+)\s+kB/m.exec(text)?.[1];
  // /proc/loadavg: "0.52 0.58 0.59 2/613 12345"
  const load1 = /^(\d+\.\d+)\s+\d+\.\d+\s+\d+\.\d+\s+\d+\/\d+/m.exec(text)?.[1];
  if (!cpuLine || !memTotal || !memAvailable || !load1) return null;
  // user nice system idle iowait irq softirq steal (guest time is already counted in user and nice)
  const fields = cpuLine.trim().split(/\s+/).map(Number).slice(0, 8);
  if (fields.length < 4 || fields.some((value) => !Number.isFinite(value))) return null;
  const [, , , idle = 0, iowait = 0] = fields;
  return {
    total: fields.reduce((sum, value) => sum + value, 0),
    idle: idle + iowait,
    cpus: (text.match(/^cpu\d+\s/gm) ?? []).length,
    load1: Number(load1),
    memoryTotalBytes: Number(memTotal) * 1024,
    memoryAvailableBytes: Number(memAvailable) * 1024,
  };
}

/** The busy share of all CPUs between two readings, 0–100. */
export function cpuPercentBetween(before: ProcSnapshot, after: ProcSnapshot): number {
  const total = after.total - before.total;
  const idle = after.idle - before.idle;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, ((total - idle) / total) * 100));
}

export class HostMetricsReader {
  private readonly previous = new Map<string, { snapshot: ProcSnapshot; at: number }>();

  constructor(
    /** Runs a fixed command on the host (connectivity's HostReach.run for that host). */
    private readonly run: (hostId: string, command: string, maxBytes: number) => Promise<CommandOutput>,
    private readonly clock: Clock = systemClock,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async read(hostId: string): Promise<HostMetrics> {
    let last = this.previous.get(hostId);
    if (!last || this.clock.now().getTime() - last.at > STALE_AFTER_MS) {
      last = await this.sample(hostId);
      await this.sleep(SECOND_SAMPLE_AFTER_MS);
    }
    const current = await this.sample(hostId);
    this.previous.set(hostId, current);
    const { snapshot } = current;
    return {
      hostId,
      at: new Date(current.at).toISOString(),
      cpus: snapshot.cpus,
      cpuPercent: cpuPercentBetween(last.snapshot, snapshot),
      load1: snapshot.load1,
      memoryUsedBytes: Math.max(0, snapshot.memoryTotalBytes - snapshot.memoryAvailableBytes),
      memoryTotalBytes: snapshot.memoryTotalBytes,
    };
  }

  private async sample(hostId: string): Promise<{ snapshot: ProcSnapshot; at: number }> {
    const output = await this.run(hostId, PROC_COMMAND, 64 * 1024).catch((error: unknown) => {
      // A connection that is not there keeps its own reason (UNAVAILABLE from connectivity).
      if (error instanceof AppError) throw error;
      throw new AppError('UNAVAILABLE', 'The host refused to run a command');
    });
    const snapshot = output.code === 0 ? parseProcSnapshot(output.stdout) : null;
    if (!snapshot) throw new AppError('UNAVAILABLE', 'The host does not report Linux load figures (/proc)');
    return { snapshot, at: this.clock.now().getTime() };
  }
}
