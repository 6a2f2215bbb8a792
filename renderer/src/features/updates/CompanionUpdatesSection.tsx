import { Badge, Button, Group, Paper, Table, Text, Title } from '@mantine/core';
import type { CompanionUpdate } from '@shared/schemas/companions';
import { IconServerBolt } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { useCompanionUpdates } from '../../api/companions';
import { coreSelection, useSelectedCore } from '../../api/core-switch';
import { formatTime } from './format-time';

/**
 * What the attached companions found on their own hosts, beside this core's inbox, one block per companion.
 * Their entries belong to the companion's core: acting on them means operating that core, so each block
 * offers to switch to it. Shown only while this app's own core is selected, and only when there is any.
 */
export function CompanionUpdatesSection() {
  const selected = useSelectedCore();
  const { data: updates } = useCompanionUpdates();
  if (selected !== null || !updates || updates.length === 0) return null;
  const byCompanion = new Map<number, CompanionUpdate[]>();
  for (const update of updates) {
    const list = byCompanion.get(update.companionId);
    if (list) list.push(update);
    else byCompanion.set(update.companionId, [update]);
  }
  return (
    <>
      {[...byCompanion.entries()].map(([companionId, entries]) => (
        <CompanionBlock key={companionId} companionId={companionId} entries={entries} />
      ))}
    </>
  );
}

function CompanionBlock({ companionId, entries }: { companionId: number; entries: CompanionUpdate[] }) {
  const navigate = useNavigate();
  const companion = entries[0]?.companion ?? String(companionId);
  return (
    <Paper withBorder p="sm" mt="md" component="section" aria-label={`Found by ${companion}`}>
      <Group justify="space-between" mb="xs" px="xs">
        <Title order={3} size="h5">
          Found by {companion}{' '}
          <Badge variant="light" ml={4}>
            {entries.length} new
          </Badge>
        </Title>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconServerBolt size={14} />}
          onClick={() => {
            // The entries' ids are the companion's: its own Updates page acts on them.
            coreSelection.set(companionId);
            void navigate('/updates');
          }}
        >
          Open on {companion}
        </Button>
      </Group>
      <Table aria-label={`Updates found by ${companion}`} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Container</Table.Th>
            <Table.Th>Host</Table.Th>
            <Table.Th>Update</Table.Th>
            <Table.Th>Found</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map(({ entry, hostName }) => (
            <Table.Tr key={entry.id}>
              <Table.Td>
                <Text size="sm">{entry.containerName}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {entry.image}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{hostName}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {entry.kind === 'digest'
                    ? `${entry.availableTag} (new digest)`
                    : `${entry.currentTag ?? '?'} → ${entry.availableTag}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatTime(entry.firstSeen)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
