import { Anchor, Badge, Group, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { HostMetrics } from '@shared/schemas/host-metrics';
import type { Host } from '@shared/schemas/hosts';
import { hostColorCss } from '../host-color';
import { HostStateBadge } from '../HostStateBadge';
import { HostStatusDot } from '../HostStatusDot';
import { formatBytes } from '../page/resources/format';
import type { ContainerCounts } from './container-counts';
import type { OverviewRow } from './host-overview';
import { hostEndpoint } from '../host-endpoint';

interface HostsOverviewTableProps {
  rows: OverviewRow[];
  onOpen(host: Host): void;
}

/**
 * One dense row per host, problems first: dozens of hosts fit one screen, and what needs attention is at the
 * top. Below 1200 px the state column goes (the dot and "Needs attention" still say it) so the table fits a
 * 900 px window; narrower than that it scrolls sideways rather than squeezing the columns.
 */
export function HostsOverviewTable({ rows, onOpen }: HostsOverviewTableProps) {
  return (
    <Table.ScrollContainer minWidth={580}>
      <Table verticalSpacing={6} highlightOnHover aria-label="All hosts" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Host</Table.Th>
            <Table.Th w={140} visibleFrom="lg">
              State
            </Table.Th>
            <Table.Th>Needs attention</Table.Th>
            <Table.Th w={130}>Containers</Table.Th>
            <Table.Th w={170}>CPU / memory</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <OverviewTableRow key={row.host.id} row={row} onOpen={() => onOpen(row.host)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function OverviewTableRow({ row, onOpen }: { row: OverviewRow; onOpen(): void }) {
  const { host, status } = row;
  const connected = status?.state === 'connected';
  return (
    <Table.Tr
      aria-label={host.name}
      onClick={onOpen}
      style={{
        cursor: 'pointer',
        boxShadow: host.color ? `inset 4px 0 0 ${hostColorCss(host.color)}` : undefined,
      }}
    >
      <Table.Td>
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <HostStatusDot status={status} />
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Anchor
              component="button"
              type="button"
              fw={600}
              size="sm"
              c="var(--mantine-color-text)"
              aria-label={`Open ${host.name}`}
              onClick={(event) => {
                event.stopPropagation();
                onOpen();
              }}
              style={{ textAlign: 'left' }}
            >
              {host.name}
            </Anchor>
            <Text size="xs" c="dimmed" ff="monospace" truncate>
              {hostEndpoint(host)}
              {host.port !== 22 && `:${host.port}`}
            </Text>
          </Stack>
        </Group>
      </Table.Td>
      <Table.Td visibleFrom="lg">
        <HostStateBadge status={status} />
      </Table.Td>
      <Table.Td>
        <Problems problems={row.problems} />
      </Table.Td>
      <Table.Td>
        {connected && !host.dockerEnabled ? (
          <Text size="xs" c="dimmed">
            SSH only
          </Text>
        ) : (
          <Counts counts={connected ? row.counts : undefined} />
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          <CpuCell metrics={connected ? row.metrics : undefined} />
          <MemoryCell metrics={connected ? row.metrics : undefined} />
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

function Problems({ problems }: { problems: string[] }) {
  if (problems.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {problems.map((problem) => (
        <Text key={problem} size="xs" lineClamp={2} style={{ overflowWrap: 'anywhere' }} title={problem}>
          {problem}
        </Text>
      ))}
    </Stack>
  );
}

function Counts({ counts }: { counts: ContainerCounts | undefined }) {
  if (!counts) return <Dash />;
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" aria-label={`${counts.running} running`}>
        <Text span fw={650} c="teal">
          {counts.running}
        </Text>
        <Text span size="xs" c="dimmed">
          {' '}
          up
        </Text>
      </Text>
      <Text size="sm" aria-label={`${counts.stopped} stopped`}>
        <Text span fw={650}>
          {counts.stopped}
        </Text>
        <Text span size="xs" c="dimmed">
          {' '}
          down
        </Text>
      </Text>
      {counts.unhealthy > 0 && (
        <Badge size="sm" color="red" variant="light" aria-label={`${counts.unhealthy} unhealthy`}>
          {counts.unhealthy} sick
        </Badge>
      )}
    </Group>
  );
}

function CpuCell({ metrics }: { metrics: HostMetrics | undefined }) {
  if (!metrics) return <Dash />;
  const percent = Math.round(metrics.cpuPercent);
  return (
    <Tooltip label={`Load ${metrics.load1.toFixed(2)} on ${metrics.cpus} CPUs`} withArrow openDelay={300}>
      <Stack gap={2} aria-label={`CPU ${percent} %`}>
        <Text size="xs">
          CPU {percent} %{' '}
          <Text span c="dimmed">
            of {metrics.cpus}
          </Text>
        </Text>
        <Progress value={percent} size="xs" color={usageColor(percent)} aria-hidden />
      </Stack>
    </Tooltip>
  );
}

function MemoryCell({ metrics }: { metrics: HostMetrics | undefined }) {
  if (!metrics || metrics.memoryTotalBytes === 0) return <Dash />;
  const percent = Math.round((metrics.memoryUsedBytes / metrics.memoryTotalBytes) * 100);
  return (
    <Stack gap={2} aria-label={`Memory ${percent} %`}>
      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
        Mem {formatBytes(metrics.memoryUsedBytes)}{' '}
        <Text span c="dimmed">
          / {formatBytes(metrics.memoryTotalBytes)}
        </Text>
      </Text>
      <Progress value={percent} size="xs" color={usageColor(percent)} aria-hidden />
    </Stack>
  );
}

function usageColor(percent: number): string {
  if (percent >= 90) return 'red';
  if (percent >= 75) return 'orange';
  return 'blue';
}

function Dash() {
  return (
    <Text size="xs" c="dimmed">
      —
    </Text>
  );
}
