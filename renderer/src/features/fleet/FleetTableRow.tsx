import { Anchor, Table, Text } from '@mantine/core';
import { memo } from 'react';
import { Link } from 'react-router';
import { ContainerStateBadge } from '../containers/list/ContainerStateBadge';
import type { FleetRow } from './fleet-rows';
import classes from './FleetTableRow.module.css';

export const ROW_HEIGHT = 44;

export const containerPath = (row: FleetRow) =>
  `/hosts/${row.container.hostId}/containers/${encodeURIComponent(row.container.name)}`;

interface Props {
  row: FleetRow;
  rowKey: string;
  checked: boolean;
  active: boolean;
  /** Stable across renders, so a row redraws only when its own props change. */
  onToggle(key: string, on: boolean): void;
}

/**
 * One row of All containers. Memoized and kept light (a native checkbox, plain text cells): a fast scroll
 * mounts a dozen new rows a frame, and rows already on screen must not redraw with every scroll event.
 */
export const FleetTableRow = memo(function FleetTableRow({ row, rowKey, checked, active, onToggle }: Props) {
  const { container } = row;
  return (
    <Table.Tr
      h={ROW_HEIGHT}
      aria-current={active ? 'true' : undefined}
      bg={active ? 'var(--mantine-primary-color-light)' : undefined}
    >
      <Table.Td>
        <input
          type="checkbox"
          className={classes.check}
          aria-label={`Select ${container.name} on ${row.hostName}`}
          checked={checked}
          onChange={(event) => onToggle(rowKey, event.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate>
          {row.hostName}
        </Text>
      </Table.Td>
      <Table.Td maw={240}>
        <Anchor component={Link} to={containerPath(row)} size="sm" fw={500} truncate display="block">
          {container.name}
        </Anchor>
      </Table.Td>
      <Table.Td maw={160}>
        <Text
          size="sm"
          c={container.composeProject ? undefined : 'dimmed'}
          truncate
          title={container.composeProject ?? undefined}
        >
          {container.composeProject ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td maw={300}>
        <Text size="sm" ff="monospace" truncate title={container.image}>
          {container.image}
        </Text>
      </Table.Td>
      <Table.Td>
        <ContainerStateBadge container={container} />
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {new Date(container.created).toLocaleDateString()}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
});
