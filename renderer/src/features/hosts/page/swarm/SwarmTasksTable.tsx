import { Badge, Table, Text } from '@mantine/core';
import type { SwarmNode, SwarmTask } from '@shared/schemas/swarm';

const STATE_COLORS: Record<string, string> = {
  running: 'teal',
  starting: 'blue',
  preparing: 'blue',
  failed: 'red',
  rejected: 'red',
  shutdown: 'gray',
  complete: 'gray',
};

/** A service's current tasks (by replica) and the latest replaced ones, with the node each ran on. */
export function SwarmTasksTable({ tasks, nodes }: { tasks: SwarmTask[]; nodes: SwarmNode[] }) {
  const nodeName = (id: string | null) => {
    const node = nodes.find((candidate) => candidate.id === id);
    return node ? `${node.hostname} (${node.address ?? node.id.slice(0, 12)})` : '—';
  };
  return (
    <Table verticalSpacing={2} fz="xs" aria-label="Tasks">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Task</Table.Th>
          <Table.Th>Node</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th>Image</Table.Th>
          <Table.Th>Message</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tasks.map((task) => (
          <Table.Tr key={task.id} c={task.desiredState === 'running' ? undefined : 'dimmed'}>
            <Table.Td ff="monospace">
              {task.slot === null ? '' : `#${task.slot} `}
              {task.id.slice(0, 12)}
            </Table.Td>
            <Table.Td>{nodeName(task.nodeId)}</Table.Td>
            <Table.Td>
              <Badge size="xs" variant="light" color={STATE_COLORS[task.state] ?? 'gray'}>
                {task.state}
              </Badge>
            </Table.Td>
            <Table.Td ff="monospace">{task.image.split('@')[0]}</Table.Td>
            <Table.Td>
              <Text size="xs" c={task.error ? 'red' : undefined}>
                {task.error ?? task.message ?? ''}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
