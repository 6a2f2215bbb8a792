import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Workload } from '@shared/schemas/workloads';
import { useState } from 'react';
import { errorMessage } from '../../../api/query-client';
import { useRemoveWorkload } from '../../../api/workloads';

interface Props {
  workload: Workload;
  opened: boolean;
  onClose(): void;
  onRemoved(): void;
}

/** Deleting a workload tears it down: every instance and route goes, named volumes only when asked. */
export function RemoveWorkloadModal({ workload, opened, onClose, onRemoved }: Props) {
  const remove = useRemoveWorkload();
  const [removeVolumes, setRemoveVolumes] = useState(false);
  const submit = () =>
    remove.mutate(
      { id: workload.id, removeVolumes },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'teal',
            title: `${workload.name} deleted`,
            message: `${result.removedContainers} containers, ${result.removedRoutes} routes and ${result.removedVolumes} volumes removed.`,
          });
          onRemoved();
        },
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={`Delete ${workload.name}?`}>
      <Stack gap="md">
        <Text size="sm">
          Every instance of {workload.name} is stopped and removed from its host, and its proxy routes are
          deleted. The configuration and its secrets are forgotten.
        </Text>
        <Checkbox
          label="Also remove its named volumes"
          description="Their data is lost for good."
          checked={removeVolumes}
          onChange={(event) => setRemoveVolumes(event.currentTarget.checked)}
        />
        {remove.error && (
          <Alert color="red" title="Not deleted">
            {errorMessage(remove.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={remove.isPending} onClick={submit}>
            Delete and tear down
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
