import {
  ActionIcon,
  Alert,
  Anchor,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import type { ContainerUsage } from '@shared/schemas/host-usage';
import { IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useHostUsage } from '../../../api/containers';
import { errorMessage } from '../../../api/query-client';
import { formatBytes } from './resources/format';
import { formatCpu, topBy, usageTotals } from './top-usage';

/**
 * The host's busiest containers by CPU and by memory, measured in one pass over all running containers.
 * It refreshes every 30 s while the page is visible (never in a background tab) and on demand.
 */
export function TopContainersCard({ hostId, connected }: { hostId: string; connected: boolean }) {
  const usage = useHostUsage(hostId, connected);
  const data = usage.data;
  const totals = data ? usageTotals(data) : null;
  return (
    <Paper component="section" withBorder p="lg" aria-label="Top containers">
      <Group justify="space-between" mb="md" wrap="nowrap">
        <div>
          <Title order={3} size="h5">
            Top containers
          </Title>
          {data && totals && (
            <Text size="xs" c="dimmed">
              {data.containers.length} of {data.running} running measured
              {data.failed > 0 && ` (${data.failed} could not be read)`} · together{' '}
              {formatCpu(totals.cpuOfHost)} of {data.cpus} CPUs, {formatBytes(totals.memoryBytes)} ·{' '}
              {new Date(data.at).toLocaleTimeString()}
            </Text>
          )}
        </div>
        <Tooltip label="Measure again" withArrow openDelay={300}>
          <ActionIcon
            variant="subtle"
            aria-label="Refresh top containers"
            disabled={!connected}
            loading={usage.isFetching}
            onClick={() => void usage.refetch()}
          >
            <IconRefresh size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {!connected && (
        <Text size="sm" c="dimmed">
          Shown once the host is connected.
        </Text>
      )}
      {connected && usage.isPending && <Skeleton h={120} />}
      {usage.error && <Alert color="red">{errorMessage(usage.error)}</Alert>}
      {data && data.containers.length === 0 && (
        <Text size="sm" c="dimmed">
          No running containers.
        </Text>
      )}
      {data && data.containers.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <UsageTable
            title="By CPU"
            hostId={hostId}
            rows={topBy(data.containers, 'cpu')}
            value={(entry) => formatCpu(entry.cpuPercent)}
            // A share of the whole host, so one busy CPU of four fills a quarter.
            share={(entry) => (data.cpus > 0 ? entry.cpuPercent / data.cpus : 0)}
          />
          <UsageTable
            title="By memory"
            hostId={hostId}
            rows={topBy(data.containers, 'memory')}
            value={(entry) => formatBytes(entry.memoryBytes)}
            share={(entry) =>
              entry.memoryLimitBytes > 0 ? (entry.memoryBytes / entry.memoryLimitBytes) * 100 : 0
            }
          />
        </SimpleGrid>
      )}
    </Paper>
  );
}

interface UsageTableProps {
  title: string;
  hostId: string;
  rows: ContainerUsage[];
  value(entry: ContainerUsage): string;
  /** 0–100, for the bar. */
  share(entry: ContainerUsage): number;
}

function UsageTable({ title, hostId, rows, value, share }: UsageTableProps) {
  return (
    <Table aria-label={`Top containers ${title.toLowerCase()}`} verticalSpacing={4} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{title}</Table.Th>
          <Table.Th w={90} ta="right" />
          <Table.Th w="30%" />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((entry) => (
          <Table.Tr key={entry.id}>
            <Table.Td>
              <Anchor
                component={Link}
                to={`/hosts/${hostId}/containers/${encodeURIComponent(entry.name)}`}
                size="sm"
                truncate
                display="block"
                title={entry.name}
              >
                {entry.name}
              </Anchor>
            </Table.Td>
            <Table.Td ta="right">
              <Text size="sm" ff="monospace">
                {value(entry)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Progress value={Math.min(100, share(entry))} size="sm" aria-hidden />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
