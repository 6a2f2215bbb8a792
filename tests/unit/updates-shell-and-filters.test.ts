import { describe, expect, it } from 'vitest';
import type { UpdateEntry } from '@shared/schemas/updates';
import { buildTrayModel } from '../../electron/core/notify/tray-model';
import { trayIconFile, trayMenuEntries, updatesPath } from '../../electron/main/tray-menu-model';
import {
  EMPTY_FILTERS,
  filterUpdates,
  hostFromSearch,
  keepVisibleSelection,
  versionChange,
} from '../../renderer/src/features/updates/update-filters';

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

describe('tray menu model', () => {
  it('lists hosts with pending counts, then Check now, Open and Quit', () => {
    const model = buildTrayModel(
      [entry({ hostId: 'a' }), entry({ hostId: 'a' }), entry({ hostId: 'b' }), entry({ status: 'snoozed' })],
      [
        { id: 'a', name: 'alpha' },
        { id: 'b', name: 'beta' },
      ],
    );
    const labels = trayMenuEntries(model).map((item) => ('separator' in item ? '---' : item.label));
    expect(labels).toEqual([
      'alpha: 2 updates',
      'beta: 1 update',
      '---',
      'Check now',
      'Open Tidewatch',
      '---',
      'Quit',
    ]);
    const first = trayMenuEntries(model)[0];
    expect(first && 'action' in first ? first.action : null).toEqual({ kind: 'open-updates', hostId: 'a' });
  });

  it('has no host section when nothing is pending, and disables Check now while checking', () => {
    const entries = trayMenuEntries({ pending: 0, tooltip: '', hosts: [] }, true);
    expect(entries[0]).toEqual({
      label: 'Checking for updates…',
      action: { kind: 'check-now' },
      enabled: false,
    });
    expect(entries).toHaveLength(4);
  });

  it('collapses many hosts into a "more" line', () => {
    const hosts = Array.from({ length: 10 }, (_, i) => ({ hostId: `h${i}`, hostName: `h${i}`, pending: 1 }));
    const entries = trayMenuEntries({ pending: 10, tooltip: '', hosts });
    expect(entries.filter((item) => 'action' in item && item.action.kind === 'open-updates')).toHaveLength(9);
    expect(entries[8]).toMatchObject({ label: '2 more hosts…' });
  });

  it('builds the notification click target and the icon file', () => {
    expect(updatesPath('dock 1/x')).toBe('/updates?host=dock%201%2Fx');
    expect(updatesPath(null)).toBe('/updates');
    expect(updatesPath('')).toBe('/updates');
    expect(trayIconFile(0)).toBe('tray.png');
    expect(trayIconFile(3)).toBe('tray-badge.png');
  });
});

describe('update filters', () => {
  const entries = [
    entry({ hostId: 'a', kind: 'major', status: 'new' }),
    entry({ hostId: 'a', kind: 'patch', status: 'acknowledged', groupId: 7 }),
    entry({ hostId: 'b', kind: 'digest', status: 'snoozed' }),
    entry({ hostId: 'b', kind: 'minor', status: 'ignored' }),
  ];

  it('pending (the default) hides snoozed and ignored entries', () => {
    expect(filterUpdates(entries, EMPTY_FILTERS).map((e) => e.status)).toEqual(['new', 'acknowledged']);
    expect(filterUpdates(entries, { ...EMPTY_FILTERS, status: null })).toHaveLength(4);
  });

  it('combines host, group, kind and status', () => {
    expect(filterUpdates(entries, { hostId: 'a', groupId: 7, kind: null, status: null })).toEqual([
      entries[1],
    ]);
    expect(filterUpdates(entries, { hostId: 'b', groupId: null, kind: 'digest', status: 'snoozed' })).toEqual(
      [entries[2]],
    );
    expect(filterUpdates(entries, { hostId: 'zzz', groupId: null, kind: null, status: null })).toEqual([]);
  });

  it('reads the host from ?host=, ignoring blanks', () => {
    expect(hostFromSearch(new URLSearchParams('host=dock1'))).toBe('dock1');
    expect(hostFromSearch(new URLSearchParams('host=%20'))).toBeNull();
    expect(hostFromSearch(new URLSearchParams(''))).toBeNull();
  });

  it('keeps only visible rows selected', () => {
    const visible = entries.slice(0, 2);
    const kept = keepVisibleSelection(new Set([entries[0]!.id, entries[3]!.id]), visible);
    expect([...kept]).toEqual([entries[0]!.id]);
  });

  it('shows tags for version updates and short digests for digest updates', () => {
    expect(versionChange(entries[0]!)).toEqual({ from: '1.0.0', to: '1.1.0' });
    expect(versionChange(entries[2]!)).toEqual({ from: 'aaaaaaaaaaaa', to: 'bbbbbbbbbbbb' });
  });
});
