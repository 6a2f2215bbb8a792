import type { Container } from '@shared/schemas/containers';
import { useQueryClient } from '@tanstack/react-query';
import { methodKey } from '../../../api/call';
import { useContainerAction } from '../../../api/containers';

/** The four actions of one container; each refetches the host's list when done (events do too). */
export function useContainerActions(container: Container) {
  const queryClient = useQueryClient();
  const onSettled = () =>
    void queryClient.invalidateQueries({
      queryKey: methodKey('containers.list', { hostId: container.hostId }),
    });
  return {
    start: useContainerAction('containers.start', { onSettled }),
    stop: useContainerAction('containers.stop', { onSettled }),
    restart: useContainerAction('containers.restart', { onSettled }),
    remove: useContainerAction('containers.remove', { onSettled }),
  };
}
