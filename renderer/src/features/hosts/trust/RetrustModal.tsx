import { Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Host } from '@shared/schemas/hosts';
import { useTrustHostKey } from '../../../api/hosts';
import { Fingerprint } from './Fingerprint';

interface RetrustModalProps {
  opened: boolean;
  onClose(): void;
  host: Host;
  oldFingerprint: string | null;
  newFingerprint: string;
}

/** Replacing a pinned key needs a ticked confirmation: a click alone is too easy to give. */
export function RetrustModal({ opened, onClose, host, oldFingerprint, newFingerprint }: RetrustModalProps) {
  const [verified, setVerified] = useState(false);
  const trust = useTrustHostKey();
  const close = () => {
    setVerified(false);
    onClose();
  };
  const confirm = () => trust.mutate({ hostId: host.id, fingerprint: newFingerprint }, { onSuccess: close });
  return (
    <Modal opened={opened} onClose={close} title={`Replace the pinned key of ${host.name}?`} size="lg">
      <Stack gap="md">
        {oldFingerprint && <Fingerprint label="Old" value={oldFingerprint} />}
        <Fingerprint label="New" value={newFingerprint} />
        <Text size="sm">
          Only continue if you know why the key changed (for example, the server was reinstalled) and you
          compared the new fingerprint with the one on the server.
        </Text>
        <Checkbox
          label="I have verified the new fingerprint with the server"
          checked={verified}
          onChange={(event) => setVerified(event.currentTarget.checked)}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={close} disabled={trust.isPending}>
            Cancel
          </Button>
          <Button color="red" disabled={!verified} loading={trust.isPending} onClick={confirm}>
            Replace pinned key
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
