import { Button, EmptyState, Paper, SimpleGrid } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Host } from '@shared/schemas/hosts';
import { IconFileImport, IconPlugConnected, IconPlus, IconServer2 } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useContainersOfHosts } from '../../api/containers';
import { useConnectHost, useHosts, useHostStatusMap } from '../../api/hosts';
import { PageHeader } from '../../components/PageHeader';
import { addCounts, countContainers, type ContainerCounts } from './dashboard/container-counts';
import { DashboardTotals } from './dashboard/DashboardTotals';
import { HostCard } from './dashboard/HostCard';
import { HostFormModal } from './form/HostFormModal';
import { ImportHostsModal } from './import/ImportHostsModal';
import { useSelectedHost } from './selected-host';

/** All hosts at a glance: state, and running / stopped / unhealthy containers per host. */
export function HostsDashboard() {
  const { data: hosts } = useHosts();
  const statuses = useHostStatusMap();
  const [addOpened, addModal] = useDisclosure(false);
  const [importOpened, importModal] = useDisclosure(false);
  const navigate = useNavigate();
  const { select } = useSelectedHost();
  const connected = (hosts ?? []).filter((host) => statuses.get(host.id)?.state === 'connected');
  const idle = (hosts ?? []).filter(
    (host) => (statuses.get(host.id)?.state ?? 'disconnected') === 'disconnected',
  );
  const connect = useConnectHost();
  // SSH-only hosts (jump hosts) count as connected but have no containers to fetch.
  const withDocker = connected.filter((host) => host.dockerEnabled);
  const lists = useContainersOfHosts(withDocker.map((host) => host.id));

  const counts = new Map<string, ContainerCounts>();
  withDocker.forEach((host, index) => {
    const list = lists[index]?.data;
    if (list) counts.set(host.id, countContainers(list));
  });
  const total = [...counts.values()].reduce(addCounts, { running: 0, stopped: 0, unhealthy: 0 });

  const openHost = (host: Host) => {
    select(host.id);
    void navigate(`/hosts/${encodeURIComponent(host.id)}`);
  };

  return (
    <>
      <PageHeader
        title="Hosts"
        description="Every Docker host Tidewatch reaches over SSH."
        actions={
          <>
            {idle.length > 0 && (
              <Button
                variant="default"
                leftSection={<IconPlugConnected size={16} />}
                onClick={() => idle.forEach((host) => connect.mutate({ hostId: host.id }))}
              >
                Connect all
              </Button>
            )}
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={importModal.open}>
              Import from ~/.ssh/config
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={addModal.open}>
              Add host
            </Button>
          </>
        }
      />
      {hosts && hosts.length === 0 && (
        <Paper withBorder p="xl">
          <EmptyState
            icon={<IconServer2 size={32} />}
            withIndicatorBackground
            title="Add your first host"
            description="Give Tidewatch an SSH address, a user and a key; it finds the Docker engine behind it."
          >
            <EmptyState.Actions>
              <Button leftSection={<IconPlus size={16} />} onClick={addModal.open}>
                Add your first host
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Paper>
      )}
      {hosts && hosts.length > 0 && (
        <>
          <DashboardTotals hosts={hosts.length} connected={connected.length} counts={total} />
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
            {hosts.map((host) => (
              <HostCard
                key={host.id}
                host={host}
                status={statuses.get(host.id)}
                counts={counts.get(host.id)}
                onOpen={() => openHost(host)}
              />
            ))}
          </SimpleGrid>
        </>
      )}
      <HostFormModal opened={addOpened} onClose={addModal.close} onSaved={openHost} />
      <ImportHostsModal opened={importOpened} onClose={importModal.close} />
    </>
  );
}
