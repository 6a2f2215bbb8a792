import type { UpdateEntry, UpdateKind } from '@shared/schemas/updates';

export type UpdateSortKey = 'image' | 'host' | 'kind' | 'detected';

export interface UpdateSort {
  key: UpdateSortKey;
  descending: boolean;
}

/** Newest finds first: what a user opening the inbox looks for. */
export const DEFAULT_UPDATE_SORT: UpdateSort = { key: 'detected', descending: true };

/** One pushed tag of one image and every (filtered) inbox entry it is offered to. */
export interface UpdateGroupRow {
  key: string;
  /** `repository:tag` as shown; `registry` is kept apart because docker.io would only add noise. */
  label: string;
  registry: string;
  repository: string;
  availableTag: string;
  entries: UpdateEntry[];
  hostIds: string[];
  /** The kinds of change in the group, smallest first (a digest and a minor step can land on one tag). */
  kinds: UpdateKind[];
}

const KIND_RANK: Record<UpdateKind, number> = { digest: 0, patch: 1, minor: 2, major: 3 };

/**
 * One pushed tag is one group: registry, repository and the tag on offer. A digest update (same tag, new
 * content) and a tag update that lands on that tag go together, since both deploy the same tag.
 */
export function updateGroupKey(entry: UpdateEntry): string {
  return `${entry.registry}/${entry.repository}:${entry.availableTag}`;
}

type HostNames = ReadonlyMap<string, string>;
const hostName = (hostNames: HostNames, hostId: string) => (hostNames.get(hostId) ?? hostId).toLowerCase();
// Numeric collation so 1.10.0 sorts after 1.9.0 and host-10 after host-9.
const text = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

/** The sort value of one entry per column, compared as text (times are ISO strings, ranks one digit). */
const ENTRY_KEYS: Record<UpdateSortKey, (entry: UpdateEntry, hostNames: HostNames) => string> = {
  image: (entry) => `${entry.repository}:${entry.availableTag}`.toLowerCase(),
  host: (entry, hostNames) => hostName(hostNames, entry.hostId),
  kind: (entry) => String(KIND_RANK[entry.kind]),
  detected: (entry) => entry.firstSeen,
};

/** Ties fall back to image, host, container name, so the order never jumps between refetches. */
function compareEntries(sort: UpdateSort, hostNames: HostNames) {
  const direction = sort.descending ? -1 : 1;
  const key = ENTRY_KEYS[sort.key];
  return (a: UpdateEntry, b: UpdateEntry) =>
    direction * text(key(a, hostNames), key(b, hostNames)) ||
    text(ENTRY_KEYS.image(a, hostNames), ENTRY_KEYS.image(b, hostNames)) ||
    text(ENTRY_KEYS.host(a, hostNames), ENTRY_KEYS.host(b, hostNames)) ||
    text(a.containerName, b.containerName) ||
    a.id - b.id;
}

export function sortUpdates(
  entries: readonly UpdateEntry[],
  sort: UpdateSort,
  hostNames: HostNames,
): UpdateEntry[] {
  return [...entries].sort(compareEntries(sort, hostNames));
}

/**
 * Entries grouped by pushed tag. Rows inside a group follow the sort; groups are ordered by the row that
 * represents them best in that direction (the first after sorting: newest find, biggest kind, first host),
 * so sorting by "detected" puts the group with the latest find on top.
 */
export function groupUpdates(
  entries: readonly UpdateEntry[],
  sort: UpdateSort,
  hostNames: HostNames,
): UpdateGroupRow[] {
  const compare = compareEntries(sort, hostNames);
  const byKey = new Map<string, UpdateEntry[]>();
  for (const entry of [...entries].sort(compare)) {
    const key = updateGroupKey(entry);
    const list = byKey.get(key);
    if (list) list.push(entry);
    else byKey.set(key, [entry]);
  }
  const groups = [...byKey].map(([key, list]) => toGroup(key, list));
  // Each group's first entry is its best in this order, so comparing those orders the groups.
  return groups.sort((a, b) => compare(a.entries[0] as UpdateEntry, b.entries[0] as UpdateEntry));
}

function toGroup(key: string, entries: UpdateEntry[]): UpdateGroupRow {
  const first = entries[0] as UpdateEntry;
  return {
    key,
    label: `${first.repository}:${first.availableTag}`,
    registry: first.registry,
    repository: first.repository,
    availableTag: first.availableTag,
    entries,
    hostIds: [...new Set(entries.map((entry) => entry.hostId))],
    kinds: [...new Set(entries.map((entry) => entry.kind))].sort((a, b) => KIND_RANK[a] - KIND_RANK[b]),
  };
}

/** "2 containers on 1 host". */
export function groupSummary(group: UpdateGroupRow): string {
  const containers = group.entries.length;
  const hosts = group.hostIds.length;
  return `${containers} container${containers === 1 ? '' : 's'} on ${hosts} host${hosts === 1 ? '' : 's'}`;
}

/** Clicking the sorted column flips it; another column starts in its natural direction. */
export function nextSort(current: UpdateSort, key: UpdateSortKey): UpdateSort {
  if (current.key === key) return { key, descending: !current.descending };
  // Newest finds and biggest changes are what one looks for first; names read A→Z.
  return { key, descending: key === 'detected' || key === 'kind' };
}
