import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import type { WorkloadInstance } from '@shared/schemas/workloads';
import type { ReactNode } from 'react';
import { uptime } from '../workload-format';

const STATE_COLORS: Record<string, string> = {
  running: 'teal',
  restarting: 'yellow',
  paused: 'blue',
  exited: 'gray',
  created: 'gray',
  dead: 'red',
};
const HEALTH_COLORS = { healthy: 'teal', unhealthy: 'red', starting: 'yellow', none: 'gray' } as const;

/** A status badge sized to its words: a narrow column wraps the row, never cuts the label. */
export function StatusBadge({
  color,
  variant = 'light',
  children,
  label,
  plain = false,
}: {
  color: string;
  variant?: 'light' | 'outline' | 'filled';
  children: ReactNode;
  label?: string;
  /** Names, patterns and tags keep their case (Badge upper-cases by default). */
  plain?: boolean;
}) {
  return (
    <Badge
      color={color}
      variant={variant}
      radius="sm"
      miw="fit-content"
      tt={plain ? 'none' : undefined}
      styles={{ label: { overflow: 'visible' } }}
      aria-label={label}
    >
      {children}
    </Badge>
  );
}

interface Props {
  instances: WorkloadInstance[];
  /** Names the table for assistive technology, e.g. "Instances of web prod". */
  label: string;
  /** Per-instance actions (the detail page); none in the list. */
  actions?: (instance: WorkloadInstance) => ReactNode;
}

/** The containers of one stage: tag, state and health, where it is served, how long it has run. */
export function InstanceTable({ instances, label, actions }: Props) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing={4} aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Tag</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>URL</Table.Th>
            <Table.Th>Up</Table.Th>
            {actions && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {instances.map((instance) => (
            <Table.Tr key={instance.containerId} aria-label={`Instance ${instance.containerName}`}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" ff="monospace">
                    {instance.tag || '—'}
                  </Text>
                  {instance.live && (
                    <StatusBadge color="teal" variant="filled" label={`${instance.containerName} is live`}>
                      live
                    </StatusBadge>
                  )}
                </Group>
                <Text size="xs" c="dimmed">
                  {instance.containerName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="wrap">
                  <StatusBadge
                    color={STATE_COLORS[instance.state] ?? 'gray'}
                    label={`State: ${instance.state}`}
                  >
                    {instance.state}
                  </StatusBadge>
                  {instance.health !== 'none' && (
                    <StatusBadge
                      color={HEALTH_COLORS[instance.health]}
                      variant="outline"
                      label={`Health: ${instance.health}`}
                    >
                      {instance.health}
                    </StatusBadge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {instance.url ? (
                  <Anchor href={instance.url} target="_blank" rel="noopener noreferrer" size="sm">
                    {instance.url}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" title={instance.status}>
                  {instance.state === 'running' ? uptime(instance.createdAt) : '—'}
                </Text>
              </Table.Td>
              {actions && <Table.Td>{actions(instance)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
