import { useMemo } from 'react';
import { useMethodQuery } from './hooks';

/** Updates waiting for a decision (new or acknowledged, not snoozed or ignored), counted per host. */
export function usePendingUpdateCounts(): ReadonlyMap<string, number> {
  const { data } = useMethodQuery('updates.list', { status: ['new', 'acknowledged'] }, { meta: { silent: true } });
  return useMemo(() => {
    const counts = new Map<string, number>();
    for (const entry of data ?? []) counts.set(entry.hostId, (counts.get(entry.hostId) ?? 0) + 1);
    return counts;
  }, [data]);
}
