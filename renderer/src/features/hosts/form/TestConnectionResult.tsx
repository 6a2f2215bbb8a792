import { Alert, Text } from '@mantine/core';
import type { TestConnectionResult as Result } from '@shared/schemas/hosts';
import { IconCircleCheck, IconPlugConnectedX } from '@tabler/icons-react';
import { stateLook } from '../host-state';

/** The outcome of "Test connection", in words. Unknown host keys are handled by FingerprintConfirm. */
export function TestConnectionResult({ result }: { result: Result }) {
  const took = `${Math.round(result.durationMs)} ms`;
  if (result.state === 'connected') {
    // Without Docker (an SSH-only host) SSH answering is the whole success.
    const docker = result.docker;
    return (
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck size={20} />}
        title={docker ? 'Connection works' : 'SSH connection works'}
        role="status"
      >
        <Text size="sm">
          {docker
            ? `Docker ${docker.serverVersion} (API ${docker.apiVersion}) answered over ${docker.transport} in ${took}.`
            : `${result.reason} (${took}).`}
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
