/**
 * One sample of a container's resource use (Docker's stats, CPU computed over the last second). The
 * container page polls it while visible and draws the recent samples as small time series.
 */
import { z } from 'zod';
import { method } from '../rpc/define';
import { containerRefInputSchema } from './containers';

export const statsSampleSchema = z.object({
  at: z.string(),
  /** False for a stopped container: every figure is 0. */
  running: z.boolean(),
  /** Of one CPU: 250 means two and a half CPUs busy. */
  cpuPercent: z.number().nonnegative(),
  onlineCpus: z.int().nonnegative(),
  /** Working set: usage without the page cache the kernel can drop. */
  memoryBytes: z.number().nonnegative(),
  memoryLimitBytes: z.number().nonnegative(),
  /** Totals since the container started; the page draws their rate. */
  networkRxBytes: z.number().nonnegative(),
  networkTxBytes: z.number().nonnegative(),
  blockReadBytes: z.number().nonnegative(),
  blockWriteBytes: z.number().nonnegative(),
  pids: z.int().nonnegative(),
});

export type StatsSample = z.infer<typeof statsSampleSchema>;

// ---------- contract methods (spread into shared/contract.ts under `containers.*`) ----------
export const containerStatsMethods = {
  /** One sample (takes about a second: the engine measures CPU over it). NOT_FOUND when the container is gone. */
  'containers.stats': method(containerRefInputSchema, statsSampleSchema),
} as const;
