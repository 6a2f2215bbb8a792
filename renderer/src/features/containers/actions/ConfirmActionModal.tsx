import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEverOpened } from '../../../components/use-ever-opened';

interface ConfirmActionModalProps {
  opened: boolean;
  onClose(): void;
  title: string;
  body: string;
  confirmLabel: string;
  onConfirm(): void;
}

export function ConfirmActionModal({
  opened,
  onClose,
  title,
  body,
  confirmLabel,
  onConfirm,
}: ConfirmActionModalProps) {
  // Every container row has these: mounted only once asked for.
  const mounted = useEverOpened(opened);
  if (!mounted) return null;
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack gap="md">
        <Text size="sm">{body}</Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={onConfirm}>{confirmLabel}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
