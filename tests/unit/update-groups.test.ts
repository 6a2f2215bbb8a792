/** The updates inbox at scale: one pushed tag is one group, and the columns sort groups and rows. */
import { describe, expect, it } from 'vitest';
import type { UpdateEntry } from '@shared/schemas/updates';
import {
  DEFAULT_UPDATE_SORT,
  groupSummary,
  groupUpdates,
  nextSort,
  sortUpdates,
  updateGroupKey,
} from '../../renderer/src/features/updates/update-groups';

let nextId = 1;
function entry(fields: Partial<UpdateEntry>): UpdateEntry {
  return {
    id: nextId++,
    hostId: 'h1',
    containerId: 'c',
    containerName: 'web',
    image: 'reg/lab/web:1.0.0',
    registry: 'reg',
    repository: 'lab/web',
    platform: 'linux/amd64',
    currentTag: '1.0.0',
    currentDigest: 'sha256:aaaaaaaaaaaaaaaaaaaa',
    availableTag: '1.1.0',
    availableDigest: 'sha256:bbbbbbbbbbbbbbbbbbbb',
    kind: 'minor',
    steps: [],
    status: 'new',
    snoozedUntil: null,
    ignoredVersion: null,
    firstSeen: '2026-01-01T00:00:00Z',
    lastChecked: '2026-01-01T00:00:00Z',
    groupId: null,
    groupName: null,
    registryLink: 'http://reg/lab/web',
    ...fields,
  };
}

const hostNames = new Map([
  ['h1', 'alpha'],
  ['h2', 'beta'],
  ['h10', 'host-10'],
  ['h9', 'host-9'],
]);
const names = (entries: readonly UpdateEntry[]) => entries.map((e) => e.containerName);

describe('groupUpdates', () => {
  it('puts every container offered one pushed tag in one group, counting containers and hosts', () => {
    const entries = [
      entry({ containerName: 'web-1', hostId: 'h1' }),
      entry({ containerName: 'web-2', hostId: 'h1' }),
      entry({ containerName: 'web-3', hostId: 'h2' }),
      // Same repository, another tag on offer: another group.
      entry({ containerName: 'web-old', hostId: 'h2', currentTag: '0.9.0', availableTag: '1.0.0' }),
      // Same repository and tag in another registry: another image, another group.
      entry({ containerName: 'mirror', registry: 'mirror.local' }),
    ];
    const groups = groupUpdates(entries, { key: 'image', descending: false }, hostNames);
    expect(groups.map((g) => [g.label, g.registry, names(g.entries)])).toEqual([
      ['lab/web:1.0.0', 'reg', ['web-old']],
      ['lab/web:1.1.0', 'mirror.local', ['mirror']],
      ['lab/web:1.1.0', 'reg', ['web-1', 'web-2', 'web-3']],
    ]);
    const big = groups[2];
    expect(big && groupSummary(big)).toBe('3 containers on 2 hosts');
    expect(groups[0] && groupSummary(groups[0])).toBe('1 container on 1 host');
    expect(big?.hostIds).toEqual(['h1', 'h2']);
  });

  it('keeps a digest update of a tag and a step up to that tag together, kinds smallest first', () => {
    const entries = [
      entry({ containerName: 'on-old', kind: 'major', currentTag: '0.1.0', availableTag: '1.1.0' }),
      entry({ containerName: 'same-tag', kind: 'digest', currentTag: '1.1.0', availableTag: '1.1.0' }),
    ];
    const [group, ...rest] = groupUpdates(entries, DEFAULT_UPDATE_SORT, hostNames);
    expect(rest).toEqual([]);
    expect(group?.kinds).toEqual(['digest', 'major']);
    expect(updateGroupKey(entries[0] as UpdateEntry)).toBe(updateGroupKey(entries[1] as UpdateEntry));
  });

  it('orders groups by their best row: the newest find first, rows inside by the same order', () => {
    const entries = [
      entry({ containerName: 'a-old', availableTag: '2.0.0', firstSeen: '2026-01-01T00:00:00Z' }),
      entry({ containerName: 'b-new', availableTag: '3.0.0', firstSeen: '2026-03-01T00:00:00Z' }),
      entry({ containerName: 'a-new', availableTag: '2.0.0', firstSeen: '2026-02-01T00:00:00Z' }),
      entry({ containerName: 'b-old', availableTag: '3.0.0', firstSeen: '2025-12-01T00:00:00Z' }),
    ];
    const newest = groupUpdates(entries, { key: 'detected', descending: true }, hostNames);
    expect(newest.map((g) => [g.availableTag, names(g.entries)])).toEqual([
      ['3.0.0', ['b-new', 'b-old']],
      ['2.0.0', ['a-new', 'a-old']],
    ]);
    const oldest = groupUpdates(entries, { key: 'detected', descending: false }, hostNames);
    expect(oldest.map((g) => [g.availableTag, names(g.entries)])).toEqual([
      ['3.0.0', ['b-old', 'b-new']],
      ['2.0.0', ['a-old', 'a-new']],
    ]);
  });

  it('sorts groups by their biggest change when sorting by kind', () => {
    const entries = [
      entry({ containerName: 'p', kind: 'patch', availableTag: '1.0.1' }),
      entry({ containerName: 'm', kind: 'major', availableTag: '2.0.0' }),
      entry({ containerName: 'd', kind: 'digest', availableTag: '1.0.0' }),
    ];
    const groups = groupUpdates(entries, { key: 'kind', descending: true }, hostNames);
    expect(groups.map((g) => g.kinds[0])).toEqual(['major', 'patch', 'digest']);
  });

  it('is empty for no entries', () => {
    expect(groupUpdates([], DEFAULT_UPDATE_SORT, hostNames)).toEqual([]);
  });
});

describe('sortUpdates', () => {
  const entries = [
    entry({ containerName: 'c', hostId: 'h10', repository: 'lab/zeta', kind: 'patch' }),
    entry({ containerName: 'a', hostId: 'h9', repository: 'lab/alpha', kind: 'major' }),
    entry({ containerName: 'b', hostId: 'h2', repository: 'lab/Beta', kind: 'digest' }),
    entry({ containerName: 'd', hostId: 'unknown-host', repository: 'lab/alpha', kind: 'minor' }),
  ];

  it('sorts by host name (numbers in order, unknown ids by id) both ways', () => {
    const up = sortUpdates(entries, { key: 'host', descending: false }, hostNames);
    expect(names(up)).toEqual(['b', 'a', 'c', 'd']);
    const down = sortUpdates(entries, { key: 'host', descending: true }, hostNames);
    expect(names(down)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('sorts by image without regard to case, ties by host then name', () => {
    const up = sortUpdates(entries, { key: 'image', descending: false }, hostNames);
    expect(names(up)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('sorts by kind by size of change, not by name', () => {
    const down = sortUpdates(entries, { key: 'kind', descending: true }, hostNames);
    expect(down.map((e) => e.kind)).toEqual(['major', 'minor', 'patch', 'digest']);
  });

  it('sorts version tags numerically (1.10.0 after 1.9.0)', () => {
    const tags = [
      entry({ containerName: 'x', availableTag: '1.10.0' }),
      entry({ containerName: 'y', availableTag: '1.9.0' }),
    ];
    const up = sortUpdates(tags, { key: 'image', descending: false }, hostNames);
    expect(up.map((e) => e.availableTag)).toEqual(['1.9.0', '1.10.0']);
  });

  it('does not change the list it was given', () => {
    const before = names(entries);
    sortUpdates(entries, { key: 'kind', descending: true }, hostNames);
    expect(names(entries)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('flips the sorted column and starts others in their natural direction', () => {
    expect(nextSort({ key: 'detected', descending: true }, 'detected')).toEqual({
      key: 'detected',
      descending: false,
    });
    expect(nextSort(DEFAULT_UPDATE_SORT, 'host')).toEqual({ key: 'host', descending: false });
    expect(nextSort(DEFAULT_UPDATE_SORT, 'image')).toEqual({ key: 'image', descending: false });
    expect(nextSort({ key: 'host', descending: false }, 'kind')).toEqual({ key: 'kind', descending: true });
  });
});
