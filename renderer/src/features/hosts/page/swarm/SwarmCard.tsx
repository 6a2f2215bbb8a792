import { Alert, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { SwarmCluster } from '@shared/schemas/swarm';
import { useHosts } from '../../../../api/hosts';
import { errorMessage } from '../../../../api/query-client';
import { useSwarmCluster } from '../../../../api/swarm';
import { NewSwarmServiceButton } from './NewSwarmServiceButton';
import { SwarmNodesTable } from './SwarmNodesTable';
import { SwarmServicesTable } from './SwarmServicesTable';

/**
 * The swarm the host's engine belongs to: its nodes, its services and their tasks, with start-first updates
 * and roll backs. Nothing is shown for an engine outside a swarm.
 */
export function SwarmCard({ hostId, connected }: { hostId: string; connected: boolean }) {
  const cluster = useSwarmCluster(hostId, connected);
  const hosts = useHosts().data ?? [];
  const nameOf = (id: string) => hosts.find((host) => host.id === id)?.name ?? id;
  if (cluster.error) {
    return (
      <Alert color="red" title="The swarm could not be read">
        {errorMessage(cluster.error)}
      </Alert>
    );
  }
  const data = cluster.data;
  if (!data || data.mode === 'none') return null;
  return (
    <Paper component="section" withBorder p="lg" aria-label="Swarm">
      <Group justify="space-between" mb="md" wrap="nowrap" align="flex-start">
        <div>
          <Title order={3} size="h5">
            Swarm
          </Title>
          <Text size="xs" c="dimmed">
            {summary(data, nameOf)}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          {data.mode === 'manager' && <NewSwarmServiceButton managerId={data.via} networks={data.networks} />}
          <Badge variant="light" color={data.mode === 'manager' ? 'blue' : 'gray'}>
            {data.mode === 'manager' && data.via === hostId ? 'manager' : 'worker'}
          </Badge>
        </Group>
      </Group>
      {data.mode === 'worker' ? (
        <Text size="sm" c="dimmed">
          This host is a swarm worker and only a manager can show the cluster. Add one of its managers as a
          host ({data.managers.join(', ') || 'none listed'}) to see and update its services here.
        </Text>
      ) : (
        <Stack gap="lg">
          <SwarmNodesTable nodes={data.nodes} />
          <SwarmServicesTable managerId={data.via} services={data.services} nodes={data.nodes} />
        </Stack>
      )}
    </Paper>
  );
}

function summary(data: Exclude<SwarmCluster, { mode: 'none' }>, nameOf: (id: string) => string): string {
  if (data.mode === 'worker') return `Worker node ${data.nodeId.slice(0, 12)}`;
  const parts = [
    `Cluster ${data.clusterId.slice(0, 12)}`,
    `${data.nodes.length} ${data.nodes.length === 1 ? 'node' : 'nodes'}`,
    `${data.services.length} ${data.services.length === 1 ? 'service' : 'services'}`,
  ];
  if (data.via !== data.hostId) parts.push(`read through manager ${nameOf(data.via)}`);
  return parts.join(' · ');
}
