import { Button, EmptyState, Paper } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Host } from '@shared/schemas/hosts';
import { IconFileImport, IconPlugConnected, IconPlus, IconServer2 } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useContainersOfHosts } from '../../api/containers';
import { useConnectHost, useHostMetricsOf, useHosts, useHostStatusMap } from '../../api/hosts';
import { usePendingUpdateCounts, useUpdatesStatus } from '../../api/updates';
import { PageHeader } from '../../components/PageHeader';
import { addCounts, countContainers, type ContainerCounts } from './dashboard/container-counts';
import { DashboardTotals } from './dashboard/DashboardTotals';
import { overviewRows } from './dashboard/host-overview';
import { HostsOverviewTable } from './dashboard/HostsOverviewTable';
import { HostFormModal } from './form/HostFormModal';
import { ImportHostsModal } from './import/ImportHostsModal';
import { useSelectedHost } from './selected-host';

/**
 * All hosts at a glance, problems first: state, what needs attention (a broken connection, unhealthy
 * containers, a failed update check, pending updates), containers, and each host's CPU and memory.
 */
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

  const metrics = useHostMetricsOf(connected.map((host) => host.id));
  const pending = usePendingUpdateCounts();
  const lastRun = useUpdatesStatus().data?.lastRun;

  const counts = new Map<string, ContainerCounts>();
  withDocker.forEach((host, index) => {
    const list = lists[index]?.data;
    if (list) counts.set(host.id, countContainers(list));
  });
  const total = [...counts.values()].reduce(addCounts, { running: 0, stopped: 0, unhealthy: 0 });

  const rows = overviewRows(
    (hosts ?? []).map((host) => ({
      host,
      status: statuses.get(host.id),
      counts: counts.get(host.id),
      pendingUpdates: pending.get(host.id) ?? 0,
      checkFailure:
        lastRun?.hosts.find((each) => each.hostId === host.id && each.result === 'failed')?.reason ?? null,
      metrics: metrics[connected.findIndex((each) => each.id === host.id)]?.data,
    })),
  );

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
          <HostsOverviewTable rows={rows} onOpen={openHost} />
        </>
      )}
      <HostFormModal opened={addOpened} onClose={addModal.close} onSaved={openHost} />
      <ImportHostsModal opened={importOpened} onClose={importModal.close} />
    </>
  );
}
