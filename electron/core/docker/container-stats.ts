/**
 * Docker's stats of one container as one sample: CPU as a share of one CPU over the engine's last
 * interval, memory without the reclaimable page cache (what `docker stats` shows), I/O totals.
 */
import type { StatsSample } from '@shared/schemas/container-stats';
import type { Engine } from './docker-engine';
import { dockerError } from './docker-errors';

/** The parts of GET /containers/{id}/stats?stream=false that we read. */
export interface RawStats {
  read?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: Array<{ op?: string; value?: number }> | null };
  pids_stats?: { current?: number };
}

interface CpuStats {
  cpu_usage?: { total_usage?: number };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export async function sampleStats(engine: Engine, containerId: string, now: Date): Promise<StatsSample> {
  const container = engine.docker.getContainer(containerId);
  const info = await container.inspect().catch((error: unknown) => {
    throw dockerError(error, `Container ${containerId}`);
  });
  if (!info.State.Running) return { ...EMPTY, at: now.toISOString() };
  const raw = (await container.stats({ stream: false }).catch((error: unknown) => {
    throw dockerError(error, `Stats of ${containerId}`);
  })) as RawStats;
  return toSample(raw, now);
}

const EMPTY: Omit<StatsSample, 'at'> = {
  running: false,
  cpuPercent: 0,
  onlineCpus: 0,
  memoryBytes: 0,
  memoryLimitBytes: 0,
  networkRxBytes: 0,
  networkTxBytes: 0,
  blockReadBytes: 0,
  blockWriteBytes: 0,
  pids: 0,
};

export function toSample(raw: RawStats, now: Date): StatsSample {
  const cpus = raw.cpu_stats?.online_cpus ?? 0;
  const cpuDelta =
    (raw.cpu_stats?.cpu_usage?.total_usage ?? 0) - (raw.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (raw.cpu_stats?.system_cpu_usage ?? 0) - (raw.precpu_stats?.system_cpu_usage ?? 0);
  const memory = raw.memory_stats ?? {};
  // cgroup v2 names the reclaimable cache inactive_file, v1 total_inactive_file.
  const cache = memory.stats?.inactive_file ?? memory.stats?.total_inactive_file ?? 0;
  const networks = Object.values(raw.networks ?? {});
  const blockio = raw.blkio_stats?.io_service_bytes_recursive ?? [];
  const block = (op: string) =>
    blockio
      .filter((entry) => entry.op?.toLowerCase() === op)
      .reduce((sum, entry) => sum + (entry.value ?? 0), 0);
  return {
    at: now.toISOString(),
    running: true,
    cpuPercent: cpuDelta > 0 && systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0,
    onlineCpus: cpus,
    memoryBytes: Math.max(0, (memory.usage ?? 0) - cache),
    memoryLimitBytes: memory.limit ?? 0,
    networkRxBytes: networks.reduce((sum, net) => sum + (net.rx_bytes ?? 0), 0),
    networkTxBytes: networks.reduce((sum, net) => sum + (net.tx_bytes ?? 0), 0),
    blockReadBytes: block('read'),
    blockWriteBytes: block('write'),
    pids: raw.pids_stats?.current ?? 0,
  };
}
