import { ActionIcon, Checkbox, Code, Group, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { UPDATE_STATUSES } from '@shared/schemas/updates';
import { KindBadge } from './UpdateBadges';
import { UpdateGroupActions } from './UpdateGroupActions';
import { formatTime } from './format-time';
import { groupSummary, type UpdateGroupRow } from './update-groups';
import { TRUNCATE_IN_TABLE } from './table-text';

interface Props {
  /** The row the keyboard (j/k) is on. */
  active?: boolean;
  group: UpdateGroupRow;
  hostNames: ReadonlyMap<string, string>;
  open: boolean;
  onOpen(open: boolean): void;
  /** How many of the group's rows are selected. */
  selectedCount: number;
  onSelect(on: boolean): void;
  /** A narrow window: no Kind and Seen columns (see UpdateRow). */
  narrow?: boolean;
}

/** The row that stands for one pushed tag: what it is, where it is offered, and actions for all its rows. */
export function UpdateGroupHeader({
  group,
  hostNames,
  open,
  onOpen,
  selectedCount,
  onSelect,
  active = false,
  narrow = false,
}: Props) {
  const total = group.entries.length;
  const hosts = group.hostIds.map((id) => hostNames.get(id) ?? id);
  const newest = group.entries.map((entry) => entry.firstSeen).reduce((a, b) => (a > b ? a : b));
  const statuses = UPDATE_STATUSES.map(
    (status) => [status, group.entries.filter((entry) => entry.status === status).length] as const,
  ).filter(([, count]) => count > 0);
  const kinds = (
    <Group gap={4} mt={narrow ? 4 : undefined}>
      {group.kinds.map((kind) => (
        <KindBadge key={kind} kind={kind} />
      ))}
    </Group>
  );
  return (
    <Table.Tr
      data-key-row={`group:${group.key}`}
      aria-current={active ? 'true' : undefined}
      bg="var(--mantine-color-default-hover)"
      style={
        active ? { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: -2 } : undefined
      }
    >
      <Table.Td>
        <Checkbox
          aria-label={`Select all of ${group.label}`}
          checked={selectedCount === total}
          indeterminate={selectedCount > 0 && selectedCount < total}
          onChange={(event) => onSelect(event.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td colSpan={2}>
        <Group gap={6} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            aria-label={`${open ? 'Collapse' : 'Expand'} ${group.label}`}
            aria-expanded={open}
            onClick={() => onOpen(!open)}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
          <Stack gap={0} miw={0}>
            <Text size="sm" fw={600} {...TRUNCATE_IN_TABLE} title={`${group.registry}/${group.label}`}>
              {group.label}
            </Text>
            <Text size="xs" c="dimmed" title={hosts.join(', ')}>
              {groupSummary(group)}
              {hosts.length <= 3 && ` (${hosts.join(', ')})`}
            </Text>
          </Stack>
        </Group>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text span size="sm" c="dimmed">
            →
          </Text>
          <Code color="var(--mantine-color-blue-light)">{group.availableTag}</Code>
        </Group>
        {narrow && kinds}
      </Table.Td>
      {!narrow && <Table.Td>{kinds}</Table.Td>}
      {!narrow && (
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          <Text size="xs">{formatTime(newest)}</Text>
        </Table.Td>
      )}
      <Table.Td title={narrow ? `Seen ${formatTime(newest)}` : undefined}>
        <Text size="xs" c="dimmed">
          {statuses.map(([status, count]) => `${count} ${status}`).join(', ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <UpdateGroupActions group={group} />
      </Table.Td>
    </Table.Tr>
  );
}
