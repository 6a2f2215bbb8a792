import type { ContainerUsage, HostUsage } from '@shared/schemas/host-usage';

export const TOP_COUNT = 5;

/** The busiest containers by CPU or by memory, ties by name so the list does not shuffle. */
export function topBy(
  containers: readonly ContainerUsage[],
  key: 'cpu' | 'memory',
  count = TOP_COUNT,
): ContainerUsage[] {
  const value = (entry: ContainerUsage) => (key === 'cpu' ? entry.cpuPercent : entry.memoryBytes);
  return [...containers].sort((a, b) => value(b) - value(a) || a.name.localeCompare(b.name)).slice(0, count);
}

/** What the whole host's containers use: CPU as a share of all its CPUs, memory summed. */
export function usageTotals(usage: HostUsage): { cpuOfHost: number; memoryBytes: number } {
  const cpu = usage.containers.reduce((sum, entry) => sum + entry.cpuPercent, 0);
  return {
    cpuOfHost: usage.cpus > 0 ? cpu / usage.cpus : 0,
    memoryBytes: usage.containers.reduce((sum, entry) => sum + entry.memoryBytes, 0),
  };
}

/** `123 %` of one CPU reads oddly; one decimal under 10 % keeps small loads visible. */
export function formatCpu(percent: number): string {
  return percent < 10 ? `${percent.toFixed(1)} %` : `${Math.round(percent)} %`;
}
