import { Button, EmptyState, Loader, Paper, SimpleGrid, Stack } from '@mantine/core';
import { IconServerOff } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useHost, useHostStatus } from '../../api/hosts';
import { EngineInfoCard } from './page/EngineInfoCard';
import { HostDetailsCard } from './page/HostDetailsCard';
import { HostPageHeader } from './page/HostPageHeader';
import { HostStatePanel } from './page/HostStatePanel';
import { HostResourcesCard } from './page/resources/HostResourcesCard';
import { SshOnlyCard } from './page/SshOnlyCard';
import { SwarmCard } from './page/swarm/SwarmCard';
import { TopContainersCard } from './page/TopContainersCard';
import { useSelectedHost } from './selected-host';

export function HostPage() {
  const { hostId = '' } = useParams();
  const { host, isPending } = useHost(hostId);
  const status = useHostStatus(hostId);
  const { hostId: selectedId, select } = useSelectedHost();

  // Opening a host's page (a link, the dashboard) makes it the selected host for the Containers page.
  useEffect(() => {
    if (host && selectedId !== host.id) select(host.id);
  }, [host, selectedId, select]);

  if (isPending) return <Loader aria-label="Loading host" />;
  if (!host) {
    return (
      <Paper withBorder p="xl">
        <EmptyState
          icon={<IconServerOff size={32} />}
          withIndicatorBackground
          title="Host not found"
          description="It may have been removed."
        >
          <EmptyState.Actions>
            <Button component={Link} to="/hosts" variant="light">
              All hosts
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  }
  return (
    <Stack gap="lg">
      <HostPageHeader host={host} status={status} />
      <HostStatePanel host={host} status={status} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        {host.dockerEnabled ? (
          <EngineInfoCard hostId={host.id} connected={status?.state === 'connected'} />
        ) : (
          <SshOnlyCard />
        )}
        <HostDetailsCard host={host} />
      </SimpleGrid>
      {host.dockerEnabled && <TopContainersCard hostId={host.id} connected={status?.state === 'connected'} />}
      {host.dockerEnabled && <SwarmCard hostId={host.id} connected={status?.state === 'connected'} />}
      {host.dockerEnabled && <HostResourcesCard hostId={host.id} connected={status?.state === 'connected'} />}
    </Stack>
  );
}
