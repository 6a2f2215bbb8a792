import type { StatsSample } from '@shared/schemas/container-stats';

/** Two minutes at one sample every two seconds. */
export const MAX_POINTS = 60;

export interface StatsPoint {
  time: string;
  cpu: number;
  memoryMiB: number;
  /** Bytes per second since the previous sample. */
  rxKiBs: number;
  txKiBs: number;
  readKiBs: number;
  writeKiBs: number;
}

/** Adds a sample to the series; rates come from the difference to the previous sample (none at first). */
export function appendSample(
  series: { points: StatsPoint[]; last: StatsSample | null },
  sample: StatsSample,
): { points: StatsPoint[]; last: StatsSample } {
  const previous = series.last;
  if (previous?.at === sample.at) return { points: series.points, last: sample };
  const seconds = previous ? (Date.parse(sample.at) - Date.parse(previous.at)) / 1000 : 0;
  const rate = (now: number, before: number | undefined) =>
    seconds > 0 && before !== undefined && now >= before ? (now - before) / seconds / 1024 : 0;
  const point: StatsPoint = {
    time: new Date(sample.at).toLocaleTimeString(),
    cpu: round(sample.cpuPercent),
    memoryMiB: round(sample.memoryBytes / 1024 / 1024),
    rxKiBs: round(rate(sample.networkRxBytes, previous?.networkRxBytes)),
    txKiBs: round(rate(sample.networkTxBytes, previous?.networkTxBytes)),
    readKiBs: round(rate(sample.blockReadBytes, previous?.blockReadBytes)),
    writeKiBs: round(rate(sample.blockWriteBytes, previous?.blockWriteBytes)),
  };
  return { points: [...series.points, point].slice(-MAX_POINTS), last: sample };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
