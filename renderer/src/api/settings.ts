import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { methodKey } from './call';
import { useMethodMutation, useMethodQuery } from './hooks';

export function useSettings() {
  return useMethodQuery('settings.get', undefined, { staleTime: Infinity });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMethodMutation('settings.update', {
    onSuccess: (settings) => {
      queryClient.setQueryData(methodKey('settings.get'), settings);
      notifications.show({ color: 'teal', title: 'Settings saved', message: 'Your changes are in effect.' });
    },
  });
}
