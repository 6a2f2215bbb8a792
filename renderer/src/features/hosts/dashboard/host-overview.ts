/**
 * The all-hosts overview's rows: each host with what needs attention, problems first. Pure, so the order is
 * unit-tested: a broken connection, then unhealthy containers, then a failed update check, then pending
 * updates; hosts that are fine follow, and hosts left disconnected on purpose come last.
 */
import type { HostMetrics } from '@shared/schemas/host-metrics';
import type { Host, HostStatus } from '@shared/schemas/hosts';
import { stateLook } from '../host-state';
import type { ContainerCounts } from './container-counts';

export interface OverviewInput {
  host: Host;
  status: HostStatus | undefined;
  /** Undefined while not connected or not loaded yet. */
  counts: ContainerCounts | undefined;
  pendingUpdates: number;
  /** Why the last update check failed on this host; null when it did not. */
  checkFailure: string | null;
  metrics: HostMetrics | undefined;
}

export interface OverviewRow extends OverviewInput {
  /** Sentences for the user, most urgent first; empty when the host is fine. */
  problems: string[];
  /** Lower sorts first. */
  rank: number;
}

const BROKEN = new Set([
  'unreachable',
  'auth-failed',
  'host-key-mismatch',
  'host-key-unknown',
  'docker-unavailable',
]);

export function overviewRows(inputs: readonly OverviewInput[]): OverviewRow[] {
  return inputs
    .map(toRow)
    .sort(
      (a, b) =>
        a.rank - b.rank || b.problems.length - a.problems.length || a.host.name.localeCompare(b.host.name),
    );
}

function toRow(input: OverviewInput): OverviewRow {
  const state = input.status?.state;
  const problems: string[] = [];
  const ranks: number[] = [];
  if (state && BROKEN.has(state)) {
    problems.push(`${stateLook(state).label}: ${input.status?.reason ?? ''}`.replace(/: $/, ''));
    ranks.push(0);
  }
  if (state === 'connecting' && input.status?.reason) problems.push(`Connecting: ${input.status.reason}`);
  const unhealthy = input.counts?.unhealthy ?? 0;
  if (unhealthy > 0) {
    problems.push(`${unhealthy} unhealthy container${unhealthy === 1 ? '' : 's'}`);
    ranks.push(1);
  }
  if (input.checkFailure) {
    problems.push(`Update check failed: ${input.checkFailure}`);
    ranks.push(2);
  }
  if (input.pendingUpdates > 0) {
    problems.push(`${input.pendingUpdates} pending update${input.pendingUpdates === 1 ? '' : 's'}`);
    ranks.push(3);
  }
  const idleRank = state === 'connected' ? 5 : state === 'connecting' ? 4 : 6;
  return { ...input, problems, rank: Math.min(idleRank, ...ranks) };
}
