import { Alert, Anchor, Code, Divider, Group, Paper, Stack, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import type { WorkloadView } from '@shared/schemas/workloads';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { useStageDeploy } from '../detail/use-stage-deploy';
import { orphanInstances } from '../workload-format';
import { InstanceTable } from './InstanceTable';
import { StageSummary } from './StageSummary';

/** One workload in the list: where it runs, its image, and each stage at a glance. */
export function WorkloadCard({ workload, hostName }: { workload: WorkloadView; hostName: string }) {
  const deploy = useStageDeploy(workload);
  const orphans = orphanInstances(workload);
  return (
    <Paper withBorder p="md" component="article" aria-label={`Workload ${workload.name}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="sm" wrap="wrap">
            <Anchor component={Link} to={`/workloads/${workload.id}`} fw={600} size="lg">
              {workload.name}
            </Anchor>
            <Text size="sm" c="dimmed">
              on {hostName}
            </Text>
          </Group>
          <Code>{workload.image}</Code>
        </Group>
        {!workload.reachable && (
          <Alert color="orange" icon={<IconPlugConnectedX size={18} />} p="xs" title="Host not reachable">
            {workload.unreachableReason ?? 'The host cannot be asked now.'}
          </Alert>
        )}
        {workload.stages.map((stage, index) => (
          <Fragment key={stage.id}>
            {index > 0 && <Divider variant="dashed" />}
            <StageSummary
              workload={workload}
              stage={stage}
              onDeploy={deploy.request}
              deploying={deploy.pending?.stage === stage.name}
            />
          </Fragment>
        ))}
        {orphans.length > 0 && (
          <>
            <Divider variant="dashed" />
            <Text size="sm" fw={600}>
              Instances of stages no longer configured
            </Text>
            <InstanceTable instances={orphans} label={`Other instances of ${workload.name}`} />
          </>
        )}
      </Stack>
      {deploy.dialog}
    </Paper>
  );
}
