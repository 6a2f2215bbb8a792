import { EmptyState, Paper } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { IconBox } from '@tabler/icons-react';
import { startTransition, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useListKeys } from '../../../components/use-list-keys';
import { ContainerGroupCard } from './ContainerGroupCard';
import type { ContainerGroup } from './group-by-project';
import { containerPagePath } from './ContainerRow';
import { groupByProject } from './group-by-project';

/**
 * Rows drawn in the first frame of a host's list; the rest follow in a background render right after, so
 * switching to a host with hundreds of containers shows its first screenful at once. Twenty rows fill a
 * 1080 px high window below the page header.
 */
const FIRST_ROWS = 20;

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
  const [complete, setComplete] = useState(false);
  useEffect(() => {
    if (complete) return;
    const frame = requestAnimationFrame(() => startTransition(() => setComplete(true)));
    return () => cancelAnimationFrame(frame);
  }, [complete]);
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
  const rows = rowsPerGroup(groups, complete ? Number.POSITIVE_INFINITY : FIRST_ROWS);
  return (
    <>
      {groups.map((group, index) =>
        (rows[index] ?? 0) > 0 ? (
          <ContainerGroupCard
            key={group.project ?? ''}
            group={group}
            rows={rows[index]}
            onShowLogs={onShowLogs}
            activeId={activeId}
          />
        ) : null,
      )}
    </>
  );
}

/** How many rows of each group fit in `budget`, in the order shown. */
function rowsPerGroup(groups: readonly ContainerGroup[], budget: number): number[] {
  const rows: number[] = [];
  let left = budget;
  for (const group of groups) {
    const count = Math.min(left, group.containers.length);
    rows.push(count);
    left -= count;
  }
  return rows;
}
