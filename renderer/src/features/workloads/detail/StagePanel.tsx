import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import type { Stage, WorkloadView } from '@shared/schemas/workloads';
import { InstanceTable, StatusBadge } from '../list/InstanceTable';
import { stageInstances, stagePolicy } from '../workload-format';
import { InstanceActions } from './InstanceActions';

interface Props {
  workload: WorkloadView;
  stage: Stage;
  onPickVersion(): void;
  onDeploy(stage: Stage, tag: string): void;
  deploying: boolean;
}

/** One stage on the workload's page: its policy, a waiting tag, its instances with their actions. */
export function StagePanel({ workload, stage, onPickVersion, onDeploy, deploying }: Props) {
  const instances = stageInstances(workload, stage.name);
  return (
    <Paper withBorder p="md" role="region" aria-label={`Stage ${stage.name}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Title order={4}>{stage.name}</Title>
            <StatusBadge plain color="gray" variant="outline">
              {stagePolicy(stage)}
            </StatusBadge>
            <StatusBadge plain color="gray" variant="outline">
              max {stage.maxInstances}
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
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRocket size={14} />}
            loading={deploying}
            onClick={onPickVersion}
          >
            Deploy version…
          </Button>
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
          <InstanceTable
            instances={instances}
            label={`Instances of ${workload.name} ${stage.name}`}
            actions={(instance) => <InstanceActions workload={workload} instance={instance} />}
          />
        ) : (
          <Text size="sm" c="dimmed">
            {workload.reachable
              ? 'Nothing runs in this stage yet: Deploy version… starts one.'
              : 'Instances unknown while the host cannot be asked.'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
