import { Anchor, Badge, Checkbox, Code, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Group as UpdateGroup, UpdateEntry } from '@shared/schemas/updates';
import { LastDeployNote } from './LastDeployNote';
import { KindBadge, StatusBadge } from './UpdateBadges';
import { UpdateRowActions } from './UpdateRowActions';
import { formatTime } from './format-time';
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
}

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
        <Anchor component={Link} to={updateEntryPath(entry)} size="sm" fw={500}>
          {entry.containerName}
        </Anchor>
        <Group gap={6} wrap="nowrap">
          <Text size="xs" c="dimmed" truncate="end" maw={240} title={entry.image}>
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
        <Group gap={6} wrap="nowrap" aria-label="Version change">
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
      </Table.Td>
      <Table.Td miw={80}>
        <KindBadge kind={entry.kind} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="xs">{formatTime(entry.firstSeen)}</Text>
        <Text size="xs" c="dimmed">
          {formatTime(entry.lastChecked)}
        </Text>
      </Table.Td>
      <Table.Td miw={130}>
        <StatusBadge status={entry.status} snoozedUntil={entry.snoozedUntil} />
        <LastDeployNote entry={entry} />
      </Table.Td>
      <Table.Td>
        <UpdateRowActions entry={entry} groups={groups} />
      </Table.Td>
    </Table.Tr>
  );
}
