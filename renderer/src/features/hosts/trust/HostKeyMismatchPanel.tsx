import { Alert, Button, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Host, HostStatus } from '@shared/schemas/hosts';
import { IconShieldX } from '@tabler/icons-react';
import { Fingerprint } from './Fingerprint';
import { RetrustModal } from './RetrustModal';

/** A changed host key is refused; replacing the pinned key is possible only through an explicit confirm. */
export function HostKeyMismatchPanel({ host, status }: { host: Host; status: HostStatus }) {
  const [opened, modal] = useDisclosure(false);
  const pinned = status.expectedFingerprint ?? host.hostKey?.fingerprint;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconShieldX size={20} />}
      title="The host key has changed: connection refused"
    >
      <Stack gap="sm">
        <Text size="sm">
          {host.name} presented a different key than the one pinned. The server may have been reinstalled — or
          someone may be intercepting the connection. Tidewatch will not connect until you decide.
        </Text>
        {pinned && <Fingerprint label="Pinned" value={pinned} />}
        {status.fingerprint && <Fingerprint label="Presented" value={status.fingerprint} />}
        {status.fingerprint && (
          <Button color="red" variant="white" onClick={modal.open} style={{ alignSelf: 'flex-start' }}>
            Review and trust the new key…
          </Button>
        )}
      </Stack>
      {status.fingerprint && (
        <RetrustModal
          opened={opened}
          onClose={modal.close}
          host={host}
          oldFingerprint={pinned ?? null}
          newFingerprint={status.fingerprint}
        />
      )}
    </Alert>
  );
}
