import { Badge, Table, Text } from '@mantine/core';
import type { SwarmNode } from '@shared/schemas/swarm';

const STATE_COLORS: Record<string, string> = { ready: 'teal', down: 'red', disconnected: 'red' };

export function SwarmNodesTable({ nodes }: { nodes: SwarmNode[] }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={4} aria-label="Swarm nodes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Node</Table.Th>
            <Table.Th>Address</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Availability</Table.Th>
            <Table.Th>Engine</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {nodes.map((node) => (
            <Table.Tr key={node.id} data-node-id={node.id}>
              <Table.Td>
                <Text size="sm">{node.hostname}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {node.id.slice(0, 12)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {node.address ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>{node.leader ? 'manager (leader)' : node.role}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={STATE_COLORS[node.state] ?? 'gray'}>
                  {node.state}
                </Badge>
              </Table.Td>
              <Table.Td>{node.availability}</Table.Td>
              <Table.Td>{node.engineVersion ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
