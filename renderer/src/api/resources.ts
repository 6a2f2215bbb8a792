import type { PullProgressEvent } from '@shared/schemas/resources';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { methodKey } from './call';
import { useClient } from './context';
import { useMethodMutation, useMethodQuery } from './hooks';

/** A host's resource lists; fetched only while the host is connected. */
export function useImages(hostId: string, connected: boolean) {
  return useMethodQuery('images.list', { hostId }, { enabled: connected, meta: { silent: true } });
}

export function useVolumes(hostId: string, connected: boolean) {
  return useMethodQuery('volumes.list', { hostId }, { enabled: connected, meta: { silent: true } });
}

export function useNetworks(hostId: string, connected: boolean) {
  return useMethodQuery('networks.list', { hostId }, { enabled: connected, meta: { silent: true } });
}

export function useImagePrunePreview(hostId: string, enabled: boolean) {
  // Always asked afresh when the prune dialog opens: what is reclaimable changes with every pull.
  return useMethodQuery('images.prunePreview', { hostId }, { enabled, staleTime: 0, gcTime: 0 });
}

/** After a remove or prune the host's lists (and the engine's image count) are refetched. */
function useRefreshHost() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    for (const method of ['images.list', 'volumes.list', 'networks.list', 'docker.info'] as const) {
      void queryClient.invalidateQueries({ queryKey: methodKey(method) });
    }
  }, [queryClient]);
}

type ChangeMethod =
  | 'images.remove'
  | 'images.prune'
  | 'volumes.remove'
  | 'volumes.prune'
  | 'networks.remove'
  | 'networks.prune';

export function useResourceChange<M extends ChangeMethod>(method: M) {
  const refresh = useRefreshHost();
  return useMethodMutation(method, { onSettled: refresh });
}

export function useStartPull() {
  return useMethodMutation('images.pull');
}

export function useCancelPull() {
  return useMethodMutation('images.cancelPull');
}

/** The latest progress of one pull (null before the first event); the lists refresh when it ends. */
export function usePullProgress(pullId: string | null): PullProgressEvent | null {
  const client = useClient();
  const refresh = useRefreshHost();
  const [latest, setLatest] = useState<PullProgressEvent | null>(null);
  useEffect(() => {
    if (!pullId) return undefined;
    return client.on('images.pullProgress', (event) => {
      if (event.pullId !== pullId) return;
      setLatest(event);
      if (event.done) refresh();
    });
  }, [client, pullId, refresh]);
  // An event of an earlier pull is not this one's progress.
  return latest?.pullId === pullId ? latest : null;
}
