/**
 * Docker stats → one sample (CPU over the engine's interval, memory without reclaimable cache, I/O
 * totals), and the page's series (rates from consecutive samples, capped length).
 */
import { describe, expect, it } from 'vitest';
import { toSample, type RawStats } from '../../electron/core/docker/container-stats';
import { appendSample, MAX_POINTS } from '../../renderer/src/features/containers/details/stats-series';

const raw: RawStats = {
  cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
  precpu_stats: {
    cpu_usage: { total_usage: 2_500_000_000 },
    system_cpu_usage: 18_000_000_000,
    online_cpus: 2,
  },
  memory_stats: {
    usage: 50 * 1024 * 1024,
    limit: 1024 * 1024 * 1024,
    stats: { inactive_file: 10 * 1024 * 1024 },
  },
  networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, eth1: { rx_bytes: 24, tx_bytes: 0 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: 'read', value: 4096 },
      { op: 'write', value: 8192 },
      { op: 'Read', value: 4096 },
    ],
  },
  pids_stats: { current: 3 },
};

describe('a stats sample', () => {
  it('computes CPU over the interval, memory without cache, and sums networks and block I/O', () => {
    const sample = toSample(raw, new Date('2026-12-03T10:00:00.000Z'));
    // 0.5 s of CPU over 2 s of system time on 2 CPUs: 50 % of one CPU.
    expect(sample.cpuPercent).toBeCloseTo(50, 5);
    expect(sample).toMatchObject({
      running: true,
      onlineCpus: 2,
      memoryBytes: 40 * 1024 * 1024,
      memoryLimitBytes: 1024 * 1024 * 1024,
      networkRxBytes: 1024,
      networkTxBytes: 200,
      blockReadBytes: 8192,
      blockWriteBytes: 8192,
      pids: 3,
    });
  });

  it('reads a first sample without a previous interval as 0 % CPU, and cgroup v1 cache names', () => {
    const sample = toSample(
      {
        ...raw,
        precpu_stats: {},
        memory_stats: { usage: 100, limit: 1000, stats: { total_inactive_file: 40 } },
      },
      new Date(),
    );
    expect(sample.cpuPercent).toBeGreaterThan(0);
    expect(toSample({ cpu_stats: raw.cpu_stats, precpu_stats: raw.cpu_stats }, new Date()).cpuPercent).toBe(
      0,
    );
    expect(sample.memoryBytes).toBe(60);
  });
});

describe('the page series', () => {
  it('turns totals into per-second rates and keeps the last two minutes', () => {
    const at = (seconds: number) => new Date(Date.UTC(2026, 11, 3, 10, 0, seconds)).toISOString();
    const base = toSample(raw, new Date(at(0)));
    let series = appendSample({ points: [], last: null }, base);
    expect(series.points[0]).toMatchObject({ cpu: 50, rxKiBs: 0 });
    series = appendSample(series, { ...base, at: at(2), networkRxBytes: base.networkRxBytes + 4096 });
    expect(series.points[1]).toMatchObject({ rxKiBs: 2, txKiBs: 0 });
    // The same sample twice adds nothing.
    expect(appendSample(series, series.last ?? base).points).toHaveLength(2);
    for (let index = 0; index < MAX_POINTS + 5; index += 1)
      series = appendSample(series, { ...base, at: at(4 + index * 2) });
    expect(series.points).toHaveLength(MAX_POINTS);
  });
});
