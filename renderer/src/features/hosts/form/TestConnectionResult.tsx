import { Alert, Text } from '@mantine/core';
import type { TestConnectionResult as Result } from '@shared/schemas/hosts';
import { IconCircleCheck, IconPlugConnectedX } from '@tabler/icons-react';
import { stateLook } from '../host-state';

/** The outcome of "Test connection", in words. Unknown host keys are handled by FingerprintConfirm. */
export function TestConnectionResult({ result }: { result: Result }) {
  const took = `${Math.round(result.durationMs)} ms`;
  if (result.state === 'connected' && result.docker) {
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck size={20} />}
        title="Connection works"
        role="status"
      >
        <Text size="sm">
          Docker {result.docker.serverVersion} (API {result.docker.apiVersion}) answered over{' '}
          {result.docker.transport} in {took}.
        </Text>
      </Alert>
    );
  }
  if (result.state === 'connected') {
    // An SSH-only host: no Docker was asked, so SSH answering is the whole success.
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck size={20} />}
        title="SSH connection works"
        role="status"
      >
        <Text size="sm">
          {result.reason} ({took}).
        </Text>
      </Alert>
    );
  }
  const look = stateLook(result.state);
  return (
    <Alert
      color={look.color}
      variant="light"
      icon={<IconPlugConnectedX size={20} />}
      title={look.label}
      role="status"
    >
      <Text size="sm">{result.reason}</Text>
    </Alert>
  );
}
