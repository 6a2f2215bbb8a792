import type { CheckProgress, UpdatesListInput } from '@shared/schemas/updates';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { methodKey } from './call';
import { useClient } from './context';
import { useMethodMutation, useMethodQuery } from './hooks';

/** Updates asking for attention ("new"), counted per host — the same rule as the tray badge. */
export function usePendingUpdateCounts(): ReadonlyMap<string, number> {
  const { data } = useMethodQuery('updates.list', { status: 'new' }, { meta: { silent: true } });
  return useMemo(() => {
    const counts = new Map<string, number>();
    for (const entry of data ?? []) counts.set(entry.hostId, (counts.get(entry.hostId) ?? 0) + 1);
    return counts;
  }, [data]);
}

/** Every inbox entry; the page filters on the client so switching filters never waits. */
export function useUpdatesList(input?: UpdatesListInput) {
  return useMethodQuery('updates.list', input);
}

export function useUpdatesStatus() {
  return useMethodQuery('updates.status');
}

export function useUpdateGroups() {
  return useMethodQuery('updates.groups.list');
}

/** A mutation that refetches the inbox (and anything else listed) when it settles. */
function useInvalidating<M extends Parameters<typeof useMethodMutation>[0]>(method: M, keys: string[]) {
  const queryClient = useQueryClient();
  return useMethodMutation(method, {
    onSettled: () => {
      for (const key of keys) void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}

export const useAcknowledgeUpdates = () => useInvalidating('updates.acknowledge', ['updates.list']);
export const useUnacknowledgeUpdates = () => useInvalidating('updates.unacknowledge', ['updates.list']);
export const useSnoozeUpdates = () => useInvalidating('updates.snooze', ['updates.list']);
export const useRestoreUpdates = () => useInvalidating('updates.restore', ['updates.list']);
export const useIgnoreUpdateVersion = () => useInvalidating('updates.ignoreVersion', ['updates.list']);
export const useCreateGroup = () => useInvalidating('updates.groups.create', ['updates.groups.list']);
export const useRemoveGroup = () =>
  useInvalidating('updates.groups.remove', ['updates.groups.list', 'updates.list']);
export const useAssignGroup = () =>
  useInvalidating('updates.groups.assign', ['updates.groups.list', 'updates.list']);
export const useCheckNow = () => useInvalidating('updates.checkNow', ['updates.status']);
export const useCancelCheck = () => useInvalidating('updates.cancelCheck', ['updates.status']);

/**
 * The running check as the core reports it: seeded from `updates.status`, then moved on by
 * `updates.checkProgress` and cleared by `updates.checkFinished` (which also refetches the status).
 */
export function useCheckProgress(): CheckProgress | null {
  const client = useClient();
  const queryClient = useQueryClient();
  const status = useUpdatesStatus().data;
  const [live, setLive] = useState<CheckProgress | null>(null);
  const [finishedRun, setFinishedRun] = useState<string | null>(null);

  useEffect(() => {
    const offProgress = client.on('updates.checkProgress', (progress) => setLive(progress));
    const offFinished = client.on('updates.checkFinished', ({ runId }) => {
      setFinishedRun(runId);
      void queryClient.invalidateQueries({ queryKey: methodKey('updates.status') });
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [client, queryClient]);

  const seeded = status?.running
    ? { runId: status.running.runId, done: status.running.done, total: status.running.total }
    : null;
  // Live progress wins over the (older) status snapshot; a finished run shows nothing.
  return [live, seeded].find((candidate) => candidate && candidate.runId !== finishedRun) ?? null;
}
