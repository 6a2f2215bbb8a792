import type { MethodInput } from '@shared/contract';
import type { Container } from '@shared/schemas/containers';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callMethod, methodKey } from '../../../api/call';
import { useClient } from '../../../api/context';

interface ActionInputs {
  start: MethodInput<'containers.start'>;
  stop: MethodInput<'containers.stop'>;
  restart: MethodInput<'containers.restart'>;
  remove: MethodInput<'containers.remove'>;
}
type ActionKind = keyof ActionInputs;
type ActionCall = { [K in ActionKind]: { kind: K; input: ActionInputs[K] } }[ActionKind];

export interface ContainerAction<K extends ActionKind> {
  mutate(input: ActionInputs[K]): void;
  /** This action's call is running (the row's button shows it). */
  isPending: boolean;
}

/**
 * The four actions of one container, as one mutation: a list has hundreds of rows, and a mutation per
 * action per row was a good part of drawing it. Each refetches the host's list when done (events do too).
 */
export function useContainerActions(container: Container): { [K in ActionKind]: ContainerAction<K> } {
  const client = useClient();
  const queryClient = useQueryClient();
  const mutation = useMutation<unknown, Error, ActionCall>({
    mutationFn: (call) => run(client, call),
    onSettled: () =>
      void queryClient.invalidateQueries({
        queryKey: methodKey('containers.list', { hostId: container.hostId }),
      }),
  });
  const action = <K extends ActionKind>(kind: K): ContainerAction<K> => ({
    mutate: (input) => mutation.mutate({ kind, input } as ActionCall),
    isPending: mutation.isPending && mutation.variables?.kind === kind,
  });
  return {
    start: action('start'),
    stop: action('stop'),
    restart: action('restart'),
    remove: action('remove'),
  };
}

function run(client: ReturnType<typeof useClient>, call: ActionCall): Promise<unknown> {
  switch (call.kind) {
    case 'start':
      return callMethod(client, 'containers.start', call.input);
    case 'stop':
      return callMethod(client, 'containers.stop', call.input);
    case 'restart':
      return callMethod(client, 'containers.restart', call.input);
    case 'remove':
      return callMethod(client, 'containers.remove', call.input);
  }
}
