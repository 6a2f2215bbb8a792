import { Alert, Paper, Skeleton, Text, Title } from '@mantine/core';
import type { EngineInfo } from '@shared/schemas/containers';
import { useEngineInfo } from '../../../api/containers';
import { errorMessage } from '../../../api/query-client';
import { InfoList } from './InfoList';

const TRANSPORT_LABELS = {
  streamlocal: 'SSH socket forwarding',
  'dial-stdio': 'docker system dial-stdio',
  'unix-socket': "This machine's socket (no SSH)",
} as const;

export function EngineInfoCard({ hostId, connected }: { hostId: string; connected: boolean }) {
  const { data: info, error, isPending } = useEngineInfo(hostId, connected);
  return (
    <Paper withBorder p="lg" aria-label="Docker engine">
      <Title order={3} size="h5" mb="md">
        Docker engine
        {!connected && info && (
          <Text span size="xs" c="dimmed" fw={400} ml="xs">
            last known
          </Text>
        )}
      </Title>
      {!connected && !info && (
        <Text size="sm" c="dimmed">
          Shown once the host is connected.
        </Text>
      )}
      {connected && isPending && <Skeleton h={120} />}
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {info && <InfoList items={engineItems(info)} />}
    </Paper>
  );
}

function engineItems(info: EngineInfo) {
  const c = info.containers;
  return [
    { label: 'Engine', value: `Docker ${info.serverVersion} (API ${info.apiVersion})` },
    { label: 'Host name', value: info.name },
    { label: 'Operating system', value: info.os },
    { label: 'Kernel', value: info.kernelVersion },
    { label: 'Architecture', value: `${info.osType}/${info.architecture}` },
    { label: 'Resources', value: `${info.cpus} CPUs, ${formatBytes(info.memoryBytes)}` },
    {
      label: 'Containers',
      value: `${c.total} (${c.running} running, ${c.paused} paused, ${c.stopped} stopped)`,
    },
    { label: 'Images', value: String(info.images) },
    {
      label: 'Reached through',
      value: TRANSPORT_LABELS[info.transport],
    },
  ];
}

function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
