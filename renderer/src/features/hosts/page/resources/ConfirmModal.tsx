import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

interface ConfirmModalProps {
  opened: boolean;
  title: string;
  confirmLabel: string;
  /** False while what the dialog shows is still loading, or when there is nothing to do. */
  canConfirm?: boolean;
  busy?: boolean;
  onClose(): void;
  onConfirm(): void;
  children: ReactNode;
}

/** A destructive action's confirmation: what will happen is shown before the red button. */
export function ConfirmModal({
  opened,
  title,
  confirmLabel,
  canConfirm = true,
  busy = false,
  onClose,
  onConfirm,
  children,
}: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack gap="md">
        {children}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" disabled={!canConfirm} loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
