import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Host } from '@shared/schemas/hosts';
import { useNavigate } from 'react-router';
import { useRemoveHost } from '../../../api/hosts';
import { useSelectedHost } from '../selected-host';

export function RemoveHostModal({ opened, onClose, host }: { opened: boolean; onClose(): void; host: Host }) {
  const remove = useRemoveHost();
  const navigate = useNavigate();
  const { hostId: selectedId, select } = useSelectedHost();
  const confirm = () =>
    remove.mutate(
      { hostId: host.id },
      {
        onSuccess: () => {
          if (selectedId === host.id) select(null);
          notifications.show({ color: 'teal', title: 'Host removed', message: `${host.name} was removed.` });
          onClose();
          void navigate('/hosts');
        },
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={`Remove ${host.name}?`}>
      <Stack gap="md">
        <Text size="sm">
          Tidewatch disconnects and forgets this host, its pinned host key and its stored password or
          passphrase. Nothing changes on the host itself: its containers keep running.
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending}>
            Remove host
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
