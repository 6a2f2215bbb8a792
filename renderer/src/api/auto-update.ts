import { useQueryClient } from '@tanstack/react-query';
import { methodKey } from './call';
import { useMethodMutation, useMethodQuery } from './hooks';

export function useAutoUpdateSettings() {
  return useMethodQuery('autoUpdate.list', {});
}

export function useSetAutoUpdate() {
  const queryClient = useQueryClient();
  return useMethodMutation('autoUpdate.set', {
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: methodKey('autoUpdate.list') }),
  });
}
