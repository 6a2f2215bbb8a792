import { ActionIcon, Button, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { IconDots, IconPencil, IconPlayerPause, IconPlayerPlay, IconSkull } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { KILL_SIGNALS } from '@shared/schemas/container-actions';
import type { Container } from '@shared/schemas/containers';
import type { MethodInput } from '@shared/contract';
import { callMethod, methodKey } from '../../../api/call';
import { useClient } from '../../../api/context';
import { useMethodMutation } from '../../../api/hooks';
import { errorMessage } from '../../../api/query-client';
import { RowMenuButton, useOpenedOnMount } from '../../../components/RowMenuButton';
import { RowTip } from '../../../components/RowTip';
import { useEverOpened } from '../../../components/use-ever-opened';

type MenuCall =
  | { kind: 'pause' | 'unpause'; input: MethodInput<'containers.pause'> }
  | { kind: 'kill'; input: MethodInput<'containers.kill'> };

/** Less frequent actions: pause or unpause, send a signal, rename. */
export function ContainerMoreMenu({ container }: { container: Container }) {
  const [asked, setAsked] = useState(false);
  if (asked) return <MoreMenu container={container} />;
  return (
    <RowMenuButton
      label={`More actions for ${container.name}`}
      tip="More"
      icon={<IconDots size={16} />}
      onClick={() => setAsked(true)}
    />
  );
}

/** The menu itself, its calls and the rename dialog: mounted on the first click of the row's button. */
function MoreMenu({ container }: { container: Container }) {
  const target = useRef<HTMLButtonElement>(null);
  const [menuOpened, setMenuOpened] = useOpenedOnMount(target);
  const queryClient = useQueryClient();
  const onSettled = () =>
    void queryClient.invalidateQueries({
      queryKey: methodKey('containers.list', { hostId: container.hostId }),
    });
  const client = useClient();
  // One mutation for the menu's three calls.
  const call = useMutation<unknown, Error, MenuCall>({
    mutationFn: (request) =>
      request.kind === 'kill'
        ? callMethod(client, 'containers.kill', request.input)
        : callMethod(client, `containers.${request.kind}`, request.input),
    onSettled,
  });
  const [renaming, setRenaming] = useState(false);
  const ref = { hostId: container.hostId, containerId: container.id };
  const live = container.state === 'running' || container.state === 'restarting';
  const renameMounted = useEverOpened(renaming);
  return (
    <>
      <RowTip label="More">
        <Menu position="bottom-end" withinPortal opened={menuOpened} onChange={setMenuOpened}>
          <Menu.Target>
            <ActionIcon
              ref={target}
              variant="subtle"
              color="gray"
              aria-label={`More actions for ${container.name}`}
              loading={call.isPending}
            >
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown aria-label={`More actions for ${container.name}`}>
            {container.state === 'paused' ? (
              <Menu.Item
                leftSection={<IconPlayerPlay size={14} />}
                onClick={() => call.mutate({ kind: 'unpause', input: ref })}
              >
                Unpause
              </Menu.Item>
            ) : (
              <Menu.Item
                leftSection={<IconPlayerPause size={14} />}
                disabled={!live}
                onClick={() => call.mutate({ kind: 'pause', input: ref })}
              >
                Pause
              </Menu.Item>
            )}
            <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setRenaming(true)}>
              Rename…
            </Menu.Item>
            <Menu.Divider />
            <Menu.Label>Send a signal</Menu.Label>
            {KILL_SIGNALS.map((signal) => (
              <Menu.Item
                key={signal}
                leftSection={signal === 'SIGKILL' ? <IconSkull size={14} /> : null}
                color={signal === 'SIGKILL' ? 'red' : undefined}
                disabled={!live && container.state !== 'paused'}
                onClick={() => call.mutate({ kind: 'kill', input: { ...ref, signal } })}
              >
                {signal}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </RowTip>
      {renameMounted && (
        <Modal opened={renaming} onClose={() => setRenaming(false)} title={`Rename ${container.name}`}>
          {renaming && (
            <RenameForm container={container} onDone={() => setRenaming(false)} onSettled={onSettled} />
          )}
        </Modal>
      )}
    </>
  );
}

function RenameForm({
  container,
  onDone,
  onSettled,
}: {
  container: Container;
  onDone(): void;
  onSettled(): void;
}) {
  const rename = useMethodMutation('containers.rename', { onSettled });
  const [name, setName] = useState(container.name);
  return (
    <Stack>
      <TextInput
        label="New name"
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={rename.error ? errorMessage(rename.error) : undefined}
        data-autofocus
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button
          loading={rename.isPending}
          disabled={name.trim() === '' || name === container.name}
          onClick={() =>
            rename.mutate(
              { hostId: container.hostId, containerId: container.id, name: name.trim() },
              { onSuccess: onDone },
            )
          }
        >
          Rename
        </Button>
      </Group>
    </Stack>
  );
}
