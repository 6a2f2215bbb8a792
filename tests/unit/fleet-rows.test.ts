/** The all-hosts container list: filters (host, state incl. unhealthy, text) and sorting, problems first. */
import { describe, expect, it } from 'vitest';
import type { Container } from '@shared/schemas/containers';
import {
  fleetRows,
  projectsOf,
  type FleetQuery,
  type FleetRow,
} from '../../renderer/src/features/fleet/fleet-rows';

function row(hostName: string, name: string, extra: Partial<Container> = {}): FleetRow {
  return {
    hostName,
    container: {
      hostId: hostName,
      id: `${hostName}-${name}`,
      name,
      image: `lab/${name}:1.0`,
      imageId: 'sha256:x',
      state: 'running',
      health: 'none',
      status: 'Up',
      ports: [],
      created: '2026-12-01T00:00:00.000Z',
      composeProject: null,
      composeService: null,
      labels: {},
      repoDigests: [],
      ...extra,
    },
  };
}

const rows = [
  row('prod-2', 'web'),
  row('prod-1', 'db', { state: 'exited' }),
  row('prod-1', 'api', { health: 'unhealthy' }),
  row('prod-2', 'cache', { state: 'restarting', composeProject: 'shop' }),
  row('prod-1', 'web'),
];
const all: FleetQuery = { text: '', hostIds: [], state: 'all', sort: 'name', descending: false };
const names = (list: FleetRow[]) => list.map((entry) => `${entry.hostName}/${entry.container.name}`);

describe('the all-hosts list', () => {
  it('sorts by name with host as the tie-break, and by state with problems first', () => {
    expect(names(fleetRows(rows, all))).toEqual([
      'prod-1/api',
      'prod-2/cache',
      'prod-1/db',
      'prod-1/web',
      'prod-2/web',
    ]);
    expect(names(fleetRows(rows, { ...all, sort: 'state' })).slice(0, 2)).toEqual([
      'prod-1/api',
      'prod-2/cache',
    ]);
    expect(names(fleetRows(rows, { ...all, sort: 'host', descending: true }))[0]).toBe('prod-2/cache');
  });

  it('filters by host, state and text (name, image, host, compose project)', () => {
    expect(names(fleetRows(rows, { ...all, hostIds: ['prod-2'] }))).toEqual(['prod-2/cache', 'prod-2/web']);
    expect(names(fleetRows(rows, { ...all, state: 'unhealthy' }))).toEqual(['prod-1/api']);
    expect(names(fleetRows(rows, { ...all, state: 'stopped' }))).toEqual(['prod-1/db']);
    expect(names(fleetRows(rows, { ...all, state: 'restarting' }))).toEqual(['prod-2/cache']);
    expect(names(fleetRows(rows, { ...all, text: 'SHOP' }))).toEqual(['prod-2/cache']);
    expect(names(fleetRows(rows, { ...all, text: 'prod-1', state: 'running' }))).toEqual([
      'prod-1/api',
      'prod-1/web',
    ]);
  });

  it('sorts by compose project with standalone containers last', () => {
    const sorted = names(fleetRows(rows, { ...all, sort: 'project' }));
    expect(sorted[0]).toBe('prod-2/cache');
    expect(sorted.slice(1)).toEqual(['prod-1/api', 'prod-1/db', 'prod-1/web', 'prod-2/web']);
  });

  it('names each compose project of a selection once per host', () => {
    const chosen = [
      row('prod-1', 'a', { composeProject: 'shop' }),
      row('prod-1', 'b', { composeProject: 'shop' }),
      row('prod-2', 'c', { composeProject: 'shop' }),
      row('prod-2', 'd'),
    ];
    expect(projectsOf(chosen)).toEqual([
      { hostId: 'prod-1', hostName: 'prod-1', project: 'shop' },
      { hostId: 'prod-2', hostName: 'prod-2', project: 'shop' },
    ]);
  });
});
