import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import type { Host, HostStatus } from '@shared/schemas/hosts';
import { IconPlugConnectedX, IconPlugOff } from '@tabler/icons-react';
import { useConnectHost, useDisconnectHost, useTrustHostKey } from '../../../api/hosts';
import { stateLook } from '../host-state';
import { FingerprintConfirm } from '../trust/FingerprintConfirm';
import { HostKeyMismatchPanel } from '../trust/HostKeyMismatchPanel';

/** Says why a host is not connected, and offers the one action that can fix it. */
export function HostStatePanel({ host, status }: { host: Host; status: HostStatus | undefined }) {
  if (!status || status.state === 'connected') return null;
  switch (status.state) {
    case 'host-key-unknown':
      return <TrustOnFirstUse host={host} status={status} />;
    case 'host-key-mismatch':
      return <HostKeyMismatchPanel host={host} status={status} />;
    case 'connecting':
      return (
        <Alert color="yellow" variant="light" icon={<Loader size={18} color="yellow" />} title="Connecting…">
          {status.reason}
        </Alert>
      );
    case 'disconnected':
      return <DisconnectedPanel host={host} status={status} />;
    default:
      return <FailurePanel host={host} status={status} />;
  }
}

function TrustOnFirstUse({ host, status }: { host: Host; status: HostStatus }) {
  const trust = useTrustHostKey();
  const disconnect = useDisconnectHost();
  if (!status.fingerprint) return <FailurePanel host={host} status={status} />;
  const fingerprint = status.fingerprint;
  return (
    <FingerprintConfirm
      fingerprint={fingerprint}
      hostLabel={`${host.name} (${host.address})`}
      onTrust={() => trust.mutate({ hostId: host.id, fingerprint })}
      onCancel={() => disconnect.mutate({ hostId: host.id })}
      loading={trust.isPending}
    />
  );
}

function DisconnectedPanel({ host, status }: { host: Host; status: HostStatus }) {
  const connect = useConnectHost();
  return (
    <Alert color="gray" variant="light" icon={<IconPlugOff size={20} />} title="Not connected">
      <Group justify="space-between" align="center">
        <Text size="sm">{status.reason || 'Tidewatch is not connected to this host.'}</Text>
        <Button size="xs" onClick={() => connect.mutate({ hostId: host.id })} loading={connect.isPending}>
          Connect
        </Button>
      </Group>
    </Alert>
  );
}

function FailurePanel({ host, status }: { host: Host; status: HostStatus }) {
  const connect = useConnectHost();
  const look = stateLook(status.state);
  return (
    <Alert color={look.color} variant="light" icon={<IconPlugConnectedX size={20} />} title={look.label}>
      <Group justify="space-between" align="center" wrap="nowrap">
        <div>
          <Text size="sm">{status.reason}</Text>
          {status.nextRetryAt && (
            <Text size="xs" c="dimmed" mt={4}>
              Next attempt at {new Date(status.nextRetryAt).toLocaleTimeString()}.
            </Text>
          )}
        </div>
        <Button
          size="xs"
          variant="light"
          color={look.color}
          onClick={() => connect.mutate({ hostId: host.id })}
          loading={connect.isPending}
        >
          Retry now
        </Button>
      </Group>
    </Alert>
  );
}
