import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure, useSessionStorage } from '@mantine/hooks';
import { IconKeyOff } from '@tabler/icons-react';
import { useAppInfo, useResetSecretStore } from '../../api/app';

/**
 * Secrets are never stored elsewhere silently: when the backend fails the user must know why, and when the
 * encrypted file no longer opens (a lost or changed key) there is a way out instead of a dead end. The
 * alert can be dismissed for this session; the header badge stays as long as the problem does.
 */
export function SecretBackendAlert() {
  const { data: info } = useAppInfo();
  const [dismissed, setDismissed] = useSessionStorage({
    key: 'tidewatch.secretAlertDismissed',
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  const [confirming, confirm] = useDisclosure(false);
  const reset = useResetSecretStore();
  const backend = info?.secretBackend;
  if (!backend?.error || dismissed) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      mb="lg"
      icon={<IconKeyOff size={18} />}
      title="Secret storage unavailable: passwords and passphrases cannot be saved"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setDismissed(true)}
    >
      <Stack gap="xs">
        <Text size="sm">{backend.error}</Text>
        {backend.resettable && (
          <>
            <Text size="sm">
              If you still have the key that opened it, put it back
              {backend.keyFile ? ` in ${backend.keyFile}` : ''} and restart. Otherwise start a new store: the
              old file is kept aside, and you enter saved passwords and passphrases again in each host.
            </Text>
            <Group>
              <Button size="xs" variant="light" color="orange" onClick={confirm.open}>
                Start a new secret store
              </Button>
            </Group>
          </>
        )}
      </Stack>
      <Modal opened={confirming} onClose={confirm.close} title="Start a new secret store?">
        <Stack>
          <Text size="sm">
            Saved passwords and passphrases become unavailable until you enter them again. The unreadable file
            is renamed, not deleted.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button
              color="orange"
              loading={reset.isPending}
              onClick={() => reset.mutate(undefined, { onSuccess: confirm.close })}
            >
              Start a new store
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Alert>
  );
}
