/**
 * What the deploy engine and its blue-green steps share: a run's in-memory state (the journal holds the
 * durable part), the timing, and small helpers for Docker's answers.
 */
import type Docker from 'dockerode';
import type { DeployStartInput } from '@shared/schemas/deploys';
import type { ImageReference } from '../registry/image-reference';
import type { Platform } from '../registry/platform';
import type { BlueGreenPlan, BlueGreenRecord } from './blue-green';
import type { ContainerSnapshot } from './container-snapshot';

export interface DeployTiming {
  /** Hosts updated at once by a bulk update; on one host deploys always run one after another. */
  parallelHosts: number;
  healthTimeoutMs: number;
  watchMs: number;
  pollMs: number;
  probeTimeoutMs: number;
  /** Blue-green: how long the proxy may take to send traffic to the new slot. */
  switchTimeoutMs: number;
  /** Blue-green: requests in flight on the old instance finish before it stops. */
  drainMs: number;
}

export const DEFAULT_TIMING: DeployTiming = {
  parallelHosts: 4,
  healthTimeoutMs: 120_000,
  watchMs: 30_000,
  pollMs: 1_000,
  probeTimeoutMs: 10_000,
  switchTimeoutMs: 30_000,
  drainMs: 2_000,
};

export class Cancelled extends Error {
  constructor() {
    super('cancelled by the user');
  }
}

export interface Run {
  id: number;
  hostId: string;
  name: string;
  input: DeployStartInput;
  controller: AbortController;
  docker?: Docker;
  snapshot?: ContainerSnapshot;
  newId?: string;
  /** Set once the host was changed (stage began): failures from then on roll back. */
  touched: boolean;
  /** What this deploy runs, fixed when it opens (as journaled); a digest in it skips the registry lookup. */
  ref: ImageReference;
  /** The HTTP health path and port (none: the image's HEALTHCHECK, else "running"). */
  health: { path?: string; port?: number };
  /** Set for a blue-green deploy of a workload stage. */
  plan?: BlueGreenPlan;
  record?: BlueGreenRecord;
}

export async function platformOf(docker: Docker): Promise<Platform> {
  const version = (await docker.version()) as { Os?: string; Arch?: string };
  return { os: version.Os ?? 'linux', architecture: version.Arch ?? 'amd64' };
}

export function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

export function ignoreNotModified(error: unknown): void {
  if (statusOf(error) !== 304) throw error;
}

export function ignoreNotFound(error: unknown): void {
  if (statusOf(error) !== 404) throw error;
}

export function reasonOf(error: unknown): string {
  // An abortable wait rejects with its own AbortError, not with the Cancelled reason given to abort().
  if (error instanceof Error && error.name === 'AbortError') return new Cancelled().message;
  if (error instanceof Error) return error.message;
  return String(error);
}
