import { describe, expect, it } from 'vitest';
import type { Host, HostStatus } from '@shared/schemas/hosts';
import { overviewRows, type OverviewInput } from '../../renderer/src/features/hosts/dashboard/host-overview';

function input(
  name: string,
  state: HostStatus['state'] | null,
  extra: Partial<OverviewInput> = {},
): OverviewInput {
  const host = { id: `h_${name}`, name } as Host;
  return {
    host,
    status: state
      ? { hostId: host.id, state, reason: `${state} reason`, at: '2026-12-04T00:00:00.000Z' }
      : undefined,
    counts: state === 'connected' ? { running: 3, stopped: 1, unhealthy: 0 } : undefined,
    pendingUpdates: 0,
    checkFailure: null,
    metrics: undefined,
    ...extra,
  };
}

describe('all-hosts overview order', () => {
  it('puts broken connections, unhealthy, failed checks and pending updates before fine and idle hosts', () => {
    const rows = overviewRows([
      input('idle', 'disconnected'),
      input('fine', 'connected'),
      input('updates', 'connected', { pendingUpdates: 2 }),
      input('check', 'connected', { checkFailure: 'registry refused' }),
      input('sick', 'connected', { counts: { running: 3, stopped: 0, unhealthy: 1 } }),
      input('down', 'unreachable'),
      input('starting', 'connecting'),
      input('unknown', null),
    ]);
    expect(rows.map((row) => row.host.name)).toEqual([
      'down',
      'sick',
      'check',
      'updates',
      'starting',
      'fine',
      'idle',
      'unknown',
    ]);
    expect(rows[0]?.problems).toEqual(['Unreachable: unreachable reason']);
    expect(rows[1]?.problems).toEqual(['1 unhealthy container']);
    expect(rows[2]?.problems).toEqual(['Update check failed: registry refused']);
    expect(rows[3]?.problems).toEqual(['2 pending updates']);
    expect(rows[4]?.problems).toEqual(['Connecting: connecting reason']);
    expect(rows.slice(5).every((row) => row.problems.length === 0)).toBe(true);
  });

  it('among equally urgent hosts, the one with more problems first, then by name', () => {
    const rows = overviewRows([
      input('b', 'connected', { counts: { running: 1, stopped: 0, unhealthy: 1 } }),
      input('a', 'connected', { counts: { running: 1, stopped: 0, unhealthy: 2 } }),
      input('c', 'connected', { counts: { running: 1, stopped: 0, unhealthy: 1 }, pendingUpdates: 4 }),
    ]);
    expect(rows.map((row) => row.host.name)).toEqual(['c', 'a', 'b']);
    expect(rows[0]?.problems).toEqual(['1 unhealthy container', '4 pending updates']);
  });
});
