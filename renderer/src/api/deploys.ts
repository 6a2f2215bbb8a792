import type { DeployProgress } from '@shared/schemas/deploys';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { methodKey } from './call';
import { useClient } from './context';
import { useMethodMutation, useMethodQuery } from './hooks';

export function useDeploys() {
  return useMethodQuery('deploys.list', { limit: 500 });
}

/** The tags "Update to…" offers, read only while its modal is open (each read asks the registry). */
export function useDeployTags(hostId: string, containerName: string, enabled: boolean) {
  // A registry error is shown in the modal, not as a notification.
  return useMethodQuery(
    'deploys.tags',
    { hostId, containerName },
    { enabled, staleTime: 30_000, retry: false, meta: { silent: true } },
  );
}

/** One container's deploy history, newest first (what "Roll back" goes back from). */
export function useContainerDeploys(hostId: string, containerName: string, enabled: boolean) {
  return useMethodQuery('deploys.list', { hostId, containerName, limit: 50 }, { enabled });
}

export function useStartDeploy() {
  const queryClient = useQueryClient();
  return useMethodMutation('deploys.start', {
    onSettled: () => void queryClient.invalidateQueries({ queryKey: methodKey('deploys.list') }),
  });
}

export function useStartDeploys() {
  const queryClient = useQueryClient();
  return useMethodMutation('deploys.startMany', {
    onSettled: () => void queryClient.invalidateQueries({ queryKey: methodKey('deploys.list') }),
  });
}

export function useRollBackDeploy() {
  const queryClient = useQueryClient();
  return useMethodMutation('deploys.rollback', {
    onSettled: () => void queryClient.invalidateQueries({ queryKey: methodKey('deploys.list') }),
  });
}

export function useCancelDeploy() {
  return useMethodMutation('deploys.cancel');
}

type Layers = NonNullable<DeployProgress['layers']>;

/** The latest pull layers of each running deploy, straight from the progress events (not refetched). */
export function useDeployLayers(): ReadonlyMap<number, Layers> {
  const client = useClient();
  const [layers, setLayers] = useState<ReadonlyMap<number, Layers>>(new Map());
  useEffect(
    () =>
      client.on('deploys.progress', (progress) => {
        if (!progress.layers && progress.step === 'pull') return;
        setLayers((current) => {
          const next = new Map(current);
          if (progress.layers) next.set(progress.id, progress.layers);
          else next.delete(progress.id);
          return next;
        });
      }),
    [client],
  );
  return layers;
}
