import { EmptyState, Paper } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { IconBox } from '@tabler/icons-react';
import { ContainerGroupCard } from './ContainerGroupCard';
import { groupByProject } from './group-by-project';

interface ContainerGroupsProps {
  containers: Container[];
  filtered: boolean;
  onShowLogs(container: Container): void;
}

export function ContainerGroups({ containers, filtered, onShowLogs }: ContainerGroupsProps) {
  if (containers.length === 0) {
    return (
      <Paper withBorder p="xl">
        <EmptyState
          icon={<IconBox size={32} />}
          withIndicatorBackground
          title={filtered ? 'No container matches' : 'No containers on this host'}
          description={
            filtered ? 'Try another filter.' : 'Containers appear here as soon as they are created.'
          }
        />
      </Paper>
    );
  }
  return (
    <>
      {groupByProject(containers).map((group) => (
        <ContainerGroupCard key={group.project ?? ''} group={group} onShowLogs={onShowLogs} />
      ))}
    </>
  );
}
