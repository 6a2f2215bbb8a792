import { ActionIcon, Button, Group, Menu, Modal, Stack, TextInput, Tooltip } from '@mantine/core';
import { IconDots, IconPencil, IconPlayerPause, IconPlayerPlay, IconSkull } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { KILL_SIGNALS } from '@shared/schemas/container-actions';
import type { Container } from '@shared/schemas/containers';
import { methodKey } from '../../../api/call';
import { useMethodMutation } from '../../../api/hooks';
import { errorMessage } from '../../../api/query-client';

/** Less frequent actions: pause or unpause, send a signal, rename. */
export function ContainerMoreMenu({ container }: { container: Container }) {
  const queryClient = useQueryClient();
  const onSettled = () =>
    void queryClient.invalidateQueries({
      queryKey: methodKey('containers.list', { hostId: container.hostId }),
    });
  const pause = useMethodMutation('containers.pause', { onSettled });
  const unpause = useMethodMutation('containers.unpause', { onSettled });
  const kill = useMethodMutation('containers.kill', { onSettled });
  const [renaming, setRenaming] = useState(false);
  const ref = { hostId: container.hostId, containerId: container.id };
  const live = container.state === 'running' || container.state === 'restarting';
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label="More" withArrow openDelay={300}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`More actions for ${container.name}`}
              loading={pause.isPending || unpause.isPending || kill.isPending}
            >
              <IconDots size={16} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown aria-label={`More actions for ${container.name}`}>
          {container.state === 'paused' ? (
            <Menu.Item leftSection={<IconPlayerPlay size={14} />} onClick={() => unpause.mutate(ref)}>
              Unpause
            </Menu.Item>
          ) : (
            <Menu.Item
              leftSection={<IconPlayerPause size={14} />}
              disabled={!live}
              onClick={() => pause.mutate(ref)}
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
              onClick={() => kill.mutate({ ...ref, signal })}
            >
              {signal}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={renaming} onClose={() => setRenaming(false)} title={`Rename ${container.name}`}>
        {renaming && (
          <RenameForm container={container} onDone={() => setRenaming(false)} onSettled={onSettled} />
        )}
      </Modal>
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
