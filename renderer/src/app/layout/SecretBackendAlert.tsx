import { Alert } from '@mantine/core';
import { useSessionStorage } from '@mantine/hooks';
import { IconKeyOff } from '@tabler/icons-react';
import { useAppInfo } from '../../api/app';

/**
 * Secrets are never stored elsewhere silently: when the backend fails the user must know why. The alert
 * can be dismissed for this session; the header badge stays as long as the problem does.
 */
export function SecretBackendAlert() {
  const { data: info } = useAppInfo();
  const [dismissed, setDismissed] = useSessionStorage({
    key: 'tidewatch.secretAlertDismissed',
    defaultValue: false,
    getInitialValueInEffect: false,
  });
  if (!info?.secretBackend.error || dismissed) return null;
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
      {info.secretBackend.error}
    </Alert>
  );
}
