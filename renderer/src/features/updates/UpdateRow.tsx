import { Anchor, Badge, Box, Checkbox, Code, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Group as UpdateGroup, UpdateEntry } from '@shared/schemas/updates';
import { LastDeployNote } from './LastDeployNote';
import { KindBadge, StatusBadge } from './UpdateBadges';
import { UpdateRowActions } from './UpdateRowActions';
import { formatTime } from './format-time';
import { TRUNCATE_IN_TABLE } from './table-text';
import { versionChange } from './update-filters';

interface Props {
  entry: UpdateEntry;
  hostName: string;
  groups: readonly UpdateGroup[];
  selected: boolean;
  onToggle(on: boolean): void;
  /** Shown under a group header: indented so the group reads as one block. */
  nested?: boolean;
  /** The row the keyboard (j/k) is on. */
  active?: boolean;
  /** A narrow window: no Kind and Seen columns; the kind goes under the version, the times into a title. */
  narrow?: boolean;
}

/** Long container names break anywhere rather than widen the table past the window. */
const BREAK_ANYWHERE = { overflowWrap: 'anywhere' } as const;
/** A date and time stay on one line (the column is only shown in a wide window). */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** The container page an entry is about. */
export function updateEntryPath(entry: UpdateEntry): string {
  return `/hosts/${entry.hostId}/containers/${encodeURIComponent(entry.containerName)}`;
}

/** One inbox entry: one container on one host, its version change and its own actions. */
export function UpdateRow({
  entry,
  hostName,
  groups,
  selected,
  onToggle,
  nested = false,
  active = false,
  narrow = false,
}: Props) {
  const change = versionChange(entry);
  return (
    <Table.Tr
      data-key-row={`entry:${entry.id}`}
      aria-current={active ? 'true' : undefined}
      bg={selected || active ? 'var(--mantine-primary-color-light)' : undefined}
      style={
        active ? { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: -2 } : undefined
      }
    >
      <Table.Td>
        <Checkbox
          aria-label={`Select ${entry.containerName}`}
          checked={selected}
          onChange={(event) => onToggle(event.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td pl={nested ? 'xl' : undefined}>{hostName}</Table.Td>
      <Table.Td>
        <Anchor component={Link} to={updateEntryPath(entry)} size="sm" fw={500} style={BREAK_ANYWHERE}>
          {entry.containerName}
        </Anchor>
        <Group gap={6}>
          <Text size="xs" c="dimmed" {...TRUNCATE_IN_TABLE} title={entry.image}>
            {entry.repository}
          </Text>
          {entry.groupName && (
            <Badge size="xs" variant="outline" color="gray">
              {entry.groupName}
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        {/* On one line in a wide window; "1.0.0 →" over "1.1.0" in a narrow one. */}
        <Group gap={4} wrap={narrow ? 'wrap' : 'nowrap'} aria-label="Version change">
          <Code>{change.from}</Code>
          <Text span size="sm" c="dimmed">
            →
          </Text>
          <Code color="var(--mantine-color-blue-light)">{change.to}</Code>
        </Group>
        {entry.steps.length > 1 && (
          <Text size="xs" c="dimmed" aria-label="Smaller steps">
            also{' '}
            {entry.steps
              .slice(0, -1)
              .map((step) => `${step.tag} (${step.kind})`)
              .join(', ')}
          </Text>
        )}
        {narrow && (
          <Box mt={4}>
            <KindBadge kind={entry.kind} />
          </Box>
        )}
      </Table.Td>
      {!narrow && (
        <Table.Td>
          <KindBadge kind={entry.kind} />
        </Table.Td>
      )}
      {!narrow && (
        <Table.Td style={NO_WRAP}>
          <Text size="xs">{formatTime(entry.firstSeen)}</Text>
          <Text size="xs" c="dimmed">
            {formatTime(entry.lastChecked)}
          </Text>
        </Table.Td>
      )}
      <Table.Td
        title={
          narrow ? `Seen ${formatTime(entry.firstSeen)}, checked ${formatTime(entry.lastChecked)}` : undefined
        }
      >
        <StatusBadge status={entry.status} snoozedUntil={entry.snoozedUntil} />
        <LastDeployNote entry={entry} />
      </Table.Td>
      <Table.Td>
        <UpdateRowActions entry={entry} groups={groups} narrow={narrow} />
      </Table.Td>
    </Table.Tr>
  );
}
