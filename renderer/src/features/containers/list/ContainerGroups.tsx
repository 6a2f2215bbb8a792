import { EmptyState, Paper } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { IconBox } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useListKeys } from '../../../components/use-list-keys';
import { ContainerGroupCard } from './ContainerGroupCard';
import { containerPagePath } from './ContainerRow';
import { groupByProject } from './group-by-project';

interface ContainerGroupsProps {
  containers: Container[];
  filtered: boolean;
  onShowLogs(container: Container): void;
}

/** The host's containers by compose project; j/k move through all of them in the order shown, Enter opens one. */
export function ContainerGroups({ containers, filtered, onShowLogs }: ContainerGroupsProps) {
  const navigate = useNavigate();
  const groups = groupByProject(containers);
  const ordered = groups.flatMap((group) => group.containers);
  const active = useListKeys({
    count: ordered.length,
    onOpen: (index) => {
      const container = ordered[index];
      if (container) void navigate(containerPagePath(container));
    },
    scrollTo: (index) =>
      document
        .querySelector(`tr[data-container-id="${ordered[index]?.id ?? ''}"]`)
        ?.scrollIntoView({ block: 'nearest' }),
  });
  const activeId = ordered[active]?.id ?? null;
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
      {groups.map((group) => (
        <ContainerGroupCard
          key={group.project ?? ''}
          group={group}
          onShowLogs={onShowLogs}
          activeId={activeId}
        />
      ))}
    </>
  );
}
