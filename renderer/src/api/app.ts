import { useQueryClient } from '@tanstack/react-query';
import { methodKey } from './call';
import { useMethodMutation, useMethodQuery } from './hooks';

export function useAppInfo() {
  return useMethodQuery('app.info', undefined, { staleTime: Infinity });
}

/** Starts a new secret store when the old one cannot be opened; app.info then shows the new state. */
export function useResetSecretStore() {
  const queryClient = useQueryClient();
  return useMethodMutation('app.resetSecretStore', {
    onSettled: () => queryClient.invalidateQueries({ queryKey: methodKey('app.info') }),
  });
}
