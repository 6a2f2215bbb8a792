import { Alert, Anchor, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { Deploy } from '@shared/schemas/deploys';
import type { WorkloadView } from '@shared/schemas/workloads';
import { Link } from 'react-router';
import { useCancelDeploy, useDeployLayers } from '../../../api/deploys';
import { errorMessage } from '../../../api/query-client';
import { DeployRow } from '../../deployments/DeployRow';

interface Props {
  workload: WorkloadView;
  hostName: string;
  history: Deploy[] | undefined;
  error: Error | null;
}

/**
 * The workload's deploys with the Deployments page's own rows: the running ones first with live progress
 * (steps refetched on each progress event, pull layers straight from the events), then the history.
 */
export function WorkloadDeploys({ workload, hostName, history, error }: Props) {
  const layers = useDeployLayers();
  const cancel = useCancelDeploy();
  const mine = history ?? [];
  const running = mine.filter((deploy) => deploy.state === 'running');
  const finished = mine.filter((deploy) => deploy.state !== 'running');
  const table = (deploys: Deploy[], label: string) => (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>Stage</Table.Th>
            <Table.Th>Image</Table.Th>
            <Table.Th>Result</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deploys.map((deploy) => (
            <DeployRow
              key={deploy.id}
              deploy={deploy}
              hostName={hostName}
              layers={layers.get(deploy.id)}
              onCancel={() => cancel.mutate({ id: deploy.id })}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
  return (
    <>
      {running.length > 0 && (
        <Paper withBorder p="md" role="region" aria-label="Deploy in progress">
          <Title order={4} mb="xs">
            In progress
          </Title>
          {table(running, `Running deploys of ${workload.name}`)}
        </Paper>
      )}
      <Paper withBorder p="md" role="region" aria-label="Deploy history">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={4}>History</Title>
            <Anchor component={Link} to="/deployments" size="sm">
              All deployments
            </Anchor>
          </Group>
          {error && (
            <Alert color="orange" title="The history could not be read">
              {errorMessage(error)}
            </Alert>
          )}
          {history && finished.length === 0 && (
            <Text size="sm" c="dimmed">
              No finished deploys yet.
            </Text>
          )}
          {finished.length > 0 && table(finished, `Deploy history of ${workload.name}`)}
        </Stack>
      </Paper>
    </>
  );
}
