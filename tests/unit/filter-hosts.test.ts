/** The sidebar's host filter: every word must match name, address, user or group. */
import { describe, expect, it } from 'vitest';
import type { Host } from '@shared/schemas/hosts';
import { filterHosts } from '../../renderer/src/features/hosts/switcher/filter-hosts';

const host = (name: string, address: string, group: string | null): Host =>
  ({ id: name, name, address, user: 'ada', group }) as Host;
const hosts = [
  host('prod-1', '10.0.0.1', 'Production'),
  host('prod-2', '10.0.0.2', 'Production'),
  host('lab', '192.168.1.5', null),
];

describe('host filter', () => {
  it('matches every word against name, address, user and group', () => {
    expect(filterHosts(hosts, '').map((h) => h.name)).toEqual(['prod-1', 'prod-2', 'lab']);
    expect(filterHosts(hosts, 'PROD 2').map((h) => h.name)).toEqual(['prod-2']);
    expect(filterHosts(hosts, 'production').map((h) => h.name)).toEqual(['prod-1', 'prod-2']);
    expect(filterHosts(hosts, '192.168').map((h) => h.name)).toEqual(['lab']);
    expect(filterHosts(hosts, 'nowhere')).toEqual([]);
  });
});
