import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconFingerprint } from '@tabler/icons-react';
import { Fingerprint } from './Fingerprint';

interface FingerprintConfirmProps {
  fingerprint: string;
  algorithm?: string | null;
  hostLabel: string;
  onTrust(): void;
  onCancel(): void;
  loading?: boolean;
}

/** Trust on first use: the user sees the key the server presented and decides. */
export function FingerprintConfirm({
  fingerprint,
  algorithm,
  hostLabel,
  onTrust,
  onCancel,
  loading,
}: FingerprintConfirmProps) {
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconFingerprint size={20} />}
      title="Do you trust this host key?"
      role="group"
      aria-label="Host key confirmation"
    >
      <Stack gap="sm">
        <Text size="sm">
          This is the first connection to <b>{hostLabel}</b>. Compare the fingerprint with the one the
          server&apos;s administrator gives you (on the server:{' '}
          <code>ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</code>).
        </Text>
        {algorithm && (
          <Text size="xs" c="dimmed">
            Key type: {algorithm}
          </Text>
        )}
        <Fingerprint value={fingerprint} />
        <Group gap="xs">
          <Button color="orange" onClick={onTrust} loading={loading}>
            Trust
          </Button>
          <Button variant="default" onClick={onCancel} disabled={loading}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
