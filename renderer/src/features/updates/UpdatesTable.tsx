import { Anchor, Badge, Checkbox, Code, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Group as UpdateGroup, UpdateEntry } from '@shared/schemas/updates';
import { LastDeployNote } from './LastDeployNote';
import { KindBadge, StatusBadge } from './UpdateBadges';
import { UpdateRowActions } from './UpdateRowActions';
import { formatTime } from './format-time';
import { versionChange } from './update-filters';

interface Props {
  entries: readonly UpdateEntry[];
  hostNames: ReadonlyMap<string, string>;
  groups: readonly UpdateGroup[];
  selected: ReadonlySet<number>;
  onSelect(selected: Set<number>): void;
}

export function UpdatesTable({ entries, hostNames, groups, selected, onSelect }: Props) {
  const allSelected = entries.length > 0 && entries.every((entry) => selected.has(entry.id));
  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelect(next);
  };
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Updates">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label="Select all"
                checked={allSelected}
                indeterminate={selected.size > 0 && !allSelected}
                onChange={(event) =>
                  onSelect(
                    event.currentTarget.checked ? new Set(entries.map((entry) => entry.id)) : new Set(),
                  )
                }
              />
            </Table.Th>
            <Table.Th>Host</Table.Th>
            <Table.Th>Container / image</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Seen / checked</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const change = versionChange(entry);
            return (
              <Table.Tr
                key={entry.id}
                bg={selected.has(entry.id) ? 'var(--mantine-primary-color-light)' : undefined}
              >
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${entry.containerName}`}
                    checked={selected.has(entry.id)}
                    onChange={(event) => toggle(entry.id, event.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>{hostNames.get(entry.hostId) ?? entry.hostId}</Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/hosts/${entry.hostId}/containers/${encodeURIComponent(entry.containerName)}`}
                    size="sm"
                    fw={500}
                  >
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
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
