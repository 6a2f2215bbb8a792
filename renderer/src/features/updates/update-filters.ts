import type { UpdateEntry, UpdateKind, UpdateStatus } from '@shared/schemas/updates';

/** What the filter bar holds; null means "any". */
export interface UpdateFilters {
  hostId: string | null;
  groupId: number | null;
  kind: UpdateKind | null;
  status: UpdateStatus | 'pending' | null;
}

export const EMPTY_FILTERS: UpdateFilters = { hostId: null, groupId: null, kind: null, status: 'pending' };

/** "Pending" = still needs a decision: new or acknowledged (snoozed and ignored are set aside). */
function statusMatches(entry: UpdateEntry, status: UpdateFilters['status']): boolean {
  if (status === null) return true;
  if (status === 'pending') return entry.status === 'new' || entry.status === 'acknowledged';
  return entry.status === status;
}

export function filterUpdates(entries: readonly UpdateEntry[], filters: UpdateFilters): UpdateEntry[] {
  return entries.filter(
    (entry) =>
      (filters.hostId === null || entry.hostId === filters.hostId) &&
      (filters.groupId === null || entry.groupId === filters.groupId) &&
      (filters.kind === null || entry.kind === filters.kind) &&
      statusMatches(entry, filters.status),
  );
}

/** The host filter lives in the URL (`?host=<id>`) so a notification click can open the page filtered. */
export function hostFromSearch(search: URLSearchParams): string | null {
  const host = search.get('host')?.trim();
  return host ? host : null;
}

/** Selection survives refetches only for rows that are still visible. */
export function keepVisibleSelection(
  selected: ReadonlySet<number>,
  visible: readonly UpdateEntry[],
): Set<number> {
  const ids = new Set(visible.map((entry) => entry.id));
  return new Set([...selected].filter((id) => ids.has(id)));
}

/** `1.0.0 → 1.1.0`; a digest update keeps the tag and shows the short digests instead. */
export function versionChange(entry: UpdateEntry): { from: string; to: string } {
  if (entry.kind === 'digest') {
    return { from: shortDigest(entry.currentDigest), to: shortDigest(entry.availableDigest) };
  }
  return { from: entry.currentTag ?? shortDigest(entry.currentDigest), to: entry.availableTag };
}

function shortDigest(digest: string | null): string {
  if (!digest) return '?';
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
