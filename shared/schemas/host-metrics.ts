/**
 * A host's own load, read from the kernel over the host's SSH connection (no Docker call, no agent on the
 * host): what the all-hosts overview shows per host, cheap enough for dozens of hosts.
 */
import { z } from 'zod';
import { method } from '../rpc/define';
import { hostScopeInputSchema } from './containers';
import { hostIdSchema } from './ids';

export const hostMetricsSchema = z.object({
  hostId: hostIdSchema,
  /** When the numbers were read. */
  at: z.string(),
  cpus: z.int().nonnegative(),
  /** Busy share of all CPUs since the previous reading (0–100), over at least a second. */
  cpuPercent: z.number().min(0).max(100),
  /** The one-minute load average. */
  load1: z.number().nonnegative(),
  /** Used memory as `free` counts it: total minus available (page cache the kernel can drop is free). */
  memoryUsedBytes: z.number().nonnegative(),
  memoryTotalBytes: z.number().nonnegative(),
});

export type HostMetrics = z.infer<typeof hostMetricsSchema>;

export const hostMetricsMethods = {
  /**
   * CPU, load and memory of the host (Linux, from /proc). NOT_FOUND for an unknown host, UNAVAILABLE when it
   * cannot be reached or is not Linux.
   */
  'hosts.metrics': method(hostScopeInputSchema, hostMetricsSchema),
} as const;
