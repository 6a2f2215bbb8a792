import { Alert, Text } from '@mantine/core';
import type { TestConnectionResult as Result } from '@shared/schemas/hosts';
import { IconCircleCheck, IconPlugConnectedX } from '@tabler/icons-react';
import { stateLook } from '../host-state';

/** The outcome of "Test connection", in words. Unknown host keys are handled by FingerprintConfirm. */
export function TestConnectionResult({
  result,
  socketFound,
}: {
  result: Result;
  socketFound?: string | null;
}) {
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
            ? `Docker ${docker.serverVersion} (API ${docker.apiVersion}) answered at ${docker.socketPath} ${docker.transport === 'unix-socket' ? 'on this machine' : `over ${docker.transport}`} in ${took}.`
            : `${result.reason} (${took}).`}
        </Text>
        {socketFound && (
          <Text size="sm" mt={4}>
            Nothing answered at the path in the form, so Tidewatch looked on the host and found this socket;
            the Docker socket field now holds it.
          </Text>
        )}
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
