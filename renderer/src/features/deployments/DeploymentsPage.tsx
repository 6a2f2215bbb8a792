import { EmptyState, Group, Paper, SegmentedControl, Table, TextInput } from '@mantine/core';
import { IconRocket, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { DeployState } from '@shared/schemas/deploys';
import { useCancelDeploy, useDeployLayers, useDeploys, useRollBackDeploy } from '../../api/deploys';
import { useHosts } from '../../api/hosts';
import { PageHeader } from '../../components/PageHeader';
import { DeployRow } from './DeployRow';

type ResultFilter = 'all' | DeployState;

/** Running deploys with live progress and cancel, and the history: filterable, each with its step log. */
export function DeploymentsPage() {
  const { data: deploys = [] } = useDeploys();
  const { data: hosts = [] } = useHosts();
  const layers = useDeployLayers();
  const cancel = useCancelDeploy();
  const rollBack = useRollBackDeploy();
  // Only the newest deploy of a container can be rolled back: older ones were replaced since.
  // The list comes newest first, so the first deploy seen per container is its newest.
  const newest = new Set<number>();
  const seen = new Set<string>();
  for (const deploy of deploys) {
    const key = `${deploy.hostId}/${deploy.containerName}`;
    if (!seen.has(key)) newest.add(deploy.id);
    seen.add(key);
  }
  const [result, setResult] = useState<ResultFilter>('all');
  const [search, setSearch] = useState('');
  const hostNames = useMemo(() => new Map(hosts.map((host) => [host.id, host.name])), [hosts]);
  const shown = deploys.filter((deploy) => {
    if (result !== 'all' && deploy.state !== result) return false;
    const needle = search.trim().toLowerCase();
    if (!needle) return true;
    const host = hostNames.get(deploy.hostId) ?? '';
    return [deploy.containerName, deploy.image, host].some((text) => text.toLowerCase().includes(needle));
  });
  return (
    <>
      <PageHeader
        title="Deployments"
        description="Health-gated updates with automatic rollback, and their history."
      />
      <Group mb="md" gap="sm">
        <SegmentedControl
          aria-label="Result"
          value={result}
          onChange={(value) => setResult(value as ResultFilter)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'running', label: 'Running' },
            { value: 'done', label: 'Updated' },
            { value: 'rolled-back', label: 'Rolled back' },
            { value: 'failed', label: 'Failed' },
          ]}
        />
        <TextInput
          aria-label="Search deployments"
          placeholder="Container, image or host"
          leftSection={<IconSearch size={14} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
      </Group>
      <Paper withBorder>
        {deploys.length === 0 ? (
          <EmptyState
            py="xl"
            icon={<IconRocket size={32} />}
            withIndicatorBackground
            title="No deployments yet"
            description="Use Update on an entry in Updates, or Deploy on a container: the new version starts behind a health check and the old one comes back by itself if it fails."
          />
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="xs" aria-label="Deployments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>Container</Table.Th>
                  <Table.Th>Image</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Reason</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((deploy) => (
                  <DeployRow
                    key={deploy.id}
                    deploy={deploy}
                    hostName={hostNames.get(deploy.hostId) ?? deploy.hostId}
                    layers={layers.get(deploy.id)}
                    onCancel={() => cancel.mutate({ id: deploy.id })}
                    onRollBack={
                      newest.has(deploy.id) && deploy.previousImage?.includes('@')
                        ? () => rollBack.mutate({ id: deploy.id })
                        : undefined
                    }
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </>
  );
}
