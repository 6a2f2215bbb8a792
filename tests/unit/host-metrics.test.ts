import { describe, expect, it } from 'vitest';
import {
  cpuPercentBetween,
  HostMetricsReader,
  parseProcSnapshot,
  PROC_COMMAND,
} from '../../electron/core/hosts/host-metrics';

const PROC = (user: number, idle: number) => `cpu  ${user} 0 100 ${idle} 50 0 10 0 0 0
cpu0 1 0 1 1 0 0 0 0 0 0
cpu1 1 0 1 1 0 0 0 0 0 0
intr 12345
MemTotal:        8000000 kB
MemFree:          500000 kB
MemAvailable:    6000000 kB
0.52 0.58 0.59 2/613 12345
`;

describe('host metrics from /proc', () => {
  it('reads the counters, CPUs, load and memory', () => {
    expect(parseProcSnapshot(PROC(1000, 5000))).toEqual({
      total: 1000 + 100 + 5000 + 50 + 10,
      idle: 5050,
      cpus: 2,
      load1: 0.52,
      memoryTotalBytes: 8_000_000 * 1024,
      memoryAvailableBytes: 6_000_000 * 1024,
    });
  });

  it('refuses text that is not /proc', () => {
    expect(parseProcSnapshot('Darwin kernel\n')).toBeNull();
    expect(parseProcSnapshot(PROC(1, 1).replace(/^MemAvailable.*$/m, ''))).toBeNull();
  });

  it('CPU share is the busy part of the change between two readings', () => {
    const before = parseProcSnapshot(PROC(1000, 5000));
    const after = parseProcSnapshot(PROC(1300, 5100));
    if (!before || !after) throw new Error('parse failed');
    // 300 busy and 100 idle jiffies passed: 75 %.
    expect(cpuPercentBetween(before, after)).toBeCloseTo(75, 5);
    expect(cpuPercentBetween(after, after)).toBe(0);
  });

  it('takes a second sample for a host it has not read before, and not for the next reading', async () => {
    const outputs = [PROC(1000, 5000), PROC(1100, 5100), PROC(1100, 5300)];
    let execs = 0;
    const run = (_hostId: string, command: string) => {
      expect(command).toBe(PROC_COMMAND);
      return Promise.resolve({ code: 0, stdout: outputs[execs++] ?? '' });
    };
    const sleeps: number[] = [];
    const reader = new HostMetricsReader(run, { now: () => new Date('2026-12-04T10:00:00Z') }, (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    });
    const first = await reader.read('h1');
    expect(first).toMatchObject({ cpus: 2, cpuPercent: 50, memoryUsedBytes: 2_000_000 * 1024 });
    const second = await reader.read('h1');
    expect(second.cpuPercent).toBe(0);
    expect(execs).toBe(3);
    expect(sleeps).toEqual([1000]);
  });
});
