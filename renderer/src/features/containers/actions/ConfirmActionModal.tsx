import { Button, Group, Modal, Stack, Text } from '@mantine/core';

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
