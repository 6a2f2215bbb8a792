import type { DeployProgress } from '@shared/schemas/deploys';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { methodKey } from './call';
import { useClient } from './context';
import { useMethodMutation, useMethodQuery } from './hooks';

/**
 * The swarm a host belongs to. Tasks move on their own (Swarm reschedules), so it is read again every few
 * seconds while the page is visible, and at once whenever a Swarm deploy on the host moves a step.
 */
export function useSwarmCluster(hostId: string, enabled: boolean) {
  return useMethodQuery(
    'swarm.cluster',
    { hostId },
    {
      enabled,
      refetchInterval: 5_000,
      refetchIntervalInBackground: false,
      retry: false,
      meta: { silent: true },
    },
  );
}

export function useSwarmDeploy() {
  const queryClient = useQueryClient();
  return useMethodMutation('swarm.deploy', {
    onSettled: () => void queryClient.invalidateQueries({ queryKey: methodKey('deploys.list') }),
  });
}

export function useSwarmRollback() {
  const queryClient = useQueryClient();
  return useMethodMutation('swarm.rollback', {
    onSettled: () => void queryClient.invalidateQueries({ queryKey: methodKey('deploys.list') }),
  });
}

/**
 * The latest progress of each running deploy on the host, by service name (a task count, Swarm's rollback),
 * straight from the events; each event also refreshes the cluster view.
 */
export function useSwarmProgress(hostId: string): ReadonlyMap<string, DeployProgress> {
  const client = useClient();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<ReadonlyMap<string, DeployProgress>>(new Map());
  useEffect(
    () =>
      client.on('deploys.progress', (event) => {
        if (event.hostId !== hostId) return;
        setProgress((current) => new Map(current).set(event.containerName, event));
        // Only this host's view: other hosts' cluster queries have their own events.
        void queryClient.invalidateQueries({ queryKey: methodKey('swarm.cluster', { hostId }) });
      }),
    [client, queryClient, hostId],
  );
  return progress;
}

export function useCreateSwarmService() {
  const queryClient = useQueryClient();
  return useMethodMutation('swarm.createService', {
    onSuccess: (_service, input) =>
      void queryClient.invalidateQueries({ queryKey: methodKey('swarm.cluster', { hostId: input.hostId }) }),
  });
}
