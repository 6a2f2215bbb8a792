import { Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { useState } from 'react';
import { useEverOpened } from '../../../components/use-ever-opened';

interface RemoveContainerModalProps {
  opened: boolean;
  onClose(): void;
  container: Container;
  running: boolean;
  onConfirm(options: { force: boolean; removeVolumes: boolean }): void;
}

/** Removing a running container kills it: the user must tick "force" for that. */
export function RemoveContainerModal(props: RemoveContainerModalProps) {
  // Every container row has one: mounted only once asked for.
  return useEverOpened(props.opened) ? <RemoveContainerDialog {...props} /> : null;
}

function RemoveContainerDialog({
  opened,
  onClose,
  container,
  running,
  onConfirm,
}: RemoveContainerModalProps) {
  const [force, setForce] = useState(false);
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const close = () => {
    setForce(false);
    setRemoveVolumes(false);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={`Remove ${container.name}?`}>
      <Stack gap="md">
        <Text size="sm">
          The container is deleted from the host. Its image and named volumes stay.
          {container.composeProject && ' Compose may recreate it on the next "docker compose up".'}
        </Text>
        {running && (
          <Checkbox
            label="Force: kill the running container and remove it"
            checked={force}
            onChange={(event) => setForce(event.currentTarget.checked)}
            color="red"
          />
        )}
        <Checkbox
          label="Also remove its anonymous volumes"
          checked={removeVolumes}
          onChange={(event) => setRemoveVolumes(event.currentTarget.checked)}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color="red"
            disabled={running && !force}
            onClick={() => {
              onConfirm({ force: running && force, removeVolumes });
              setForce(false);
              setRemoveVolumes(false);
            }}
          >
            Remove
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
