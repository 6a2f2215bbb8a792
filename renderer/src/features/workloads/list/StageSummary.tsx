import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { Stage, WorkloadView } from '@shared/schemas/workloads';
import { stageInstances, stagePolicy } from '../workload-format';
import { InstanceTable, StatusBadge } from './InstanceTable';

interface Props {
  workload: WorkloadView;
  stage: Stage;
  onDeploy(stage: Stage, tag: string): void;
  deploying: boolean;
}

/** One stage in the list: what it follows, a tag waiting to be deployed, and its instances. */
export function StageSummary({ workload, stage, onDeploy, deploying }: Props) {
  const instances = stageInstances(workload, stage.name);
  return (
    <Stack gap={4} role="group" aria-label={`Stage ${stage.name} of ${workload.name}`}>
      <Group gap="xs" wrap="wrap">
        <Text fw={600} size="sm">
          {stage.name}
        </Text>
        <StatusBadge plain color="gray" variant="outline" label={`Follows: ${stagePolicy(stage)}`}>
          {stagePolicy(stage)}
        </StatusBadge>
        {stage.confirm && (
          <StatusBadge color="orange" variant="outline">
            asks first
          </StatusBadge>
        )}
        {stage.promoteFrom && (
          <StatusBadge plain color="grape" variant="outline">
            from {stage.promoteFrom}
          </StatusBadge>
        )}
      </Group>
      {stage.pendingTag && (
        <Alert color="blue" variant="light" p="xs">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="sm">
              <Text span ff="monospace">
                {stage.pendingTag}
              </Text>{' '}
              is ready to deploy
            </Text>
            <Button
              size="compact-sm"
              loading={deploying}
              aria-label={`Deploy ${stage.pendingTag} to ${workload.name} ${stage.name}`}
              onClick={() => onDeploy(stage, stage.pendingTag ?? '')}
            >
              Deploy
            </Button>
          </Group>
        </Alert>
      )}
      {instances.length > 0 ? (
        <InstanceTable instances={instances} label={`Instances of ${workload.name} ${stage.name}`} />
      ) : (
        <Text size="sm" c="dimmed">
          {workload.reachable
            ? 'Nothing runs in this stage.'
            : 'Instances unknown while the host cannot be asked.'}
        </Text>
      )}
    </Stack>
  );
}
