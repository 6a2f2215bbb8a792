/**
 * A host's overview of resource use: CPU and memory of each running container, measured in one pass
 * (the host page shows the top containers by each and refreshes it only while visible).
 */
import { z } from 'zod';
import { method } from '../rpc/define';
import { hostScopeInputSchema } from './containers';
import { hostIdSchema } from './ids';

export const containerUsageSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Of one CPU over the measuring interval: 250 means two and a half CPUs busy. */
  cpuPercent: z.number().nonnegative(),
  /** Working set: usage without the page cache the kernel can drop (what `docker stats` shows). */
  memoryBytes: z.number().nonnegative(),
  /** The container's limit, or the host's memory when it has none. */
  memoryLimitBytes: z.number().nonnegative(),
});

export const hostUsageSchema = z.object({
  hostId: hostIdSchema,
  /** When the pass ended. */
  at: z.string(),
  /** Running containers on the host when the pass began. */
  running: z.int().nonnegative(),
  /** The host's CPUs as the engine reports them (0 when nothing was sampled). */
  cpus: z.int().nonnegative(),
  /** Measured containers, busiest CPU first. */
  containers: z.array(containerUsageSchema),
  /** Running containers that could not be measured (stopped meanwhile, or the engine refused). */
  failed: z.int().nonnegative(),
});

export type ContainerUsage = z.infer<typeof containerUsageSchema>;
export type HostUsage = z.infer<typeof hostUsageSchema>;

// ---------- contract methods (spread into shared/contract.ts under `docker.*`) ----------
export const hostUsageMethods = {
  /**
   * CPU and memory of every running container (CPU over the engine's own one-second interval), many
   * containers at a time: takes a second or two, more for hundreds. NOT_FOUND for an unknown host,
   * UNAVAILABLE when it cannot be reached.
   */
  'docker.usage': method(hostScopeInputSchema, hostUsageSchema),
} as const;
