import { AreaChart, LineChart } from '@mantine/charts';
import { Alert, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { StatsSample } from '@shared/schemas/container-stats';
import { useContainerStats } from '../../../api/containers';
import { errorMessage } from '../../../api/query-client';
import { appendSample, type StatsPoint } from './stats-series';

/** Live CPU, memory, network and disk of a running container, as small time series. */
export function StatsPanel({
  hostId,
  containerId,
  running,
}: {
  hostId: string;
  containerId: string;
  running: boolean;
}) {
  const { data: sample, error } = useContainerStats(hostId, containerId, running);
  const [series, setSeries] = useState<{ points: StatsPoint[]; last: StatsSample | null }>({
    points: [],
    last: null,
  });
  // Each new sample extends the series once (state adjusted while rendering, not in an effect).
  if (sample && sample !== series.last) setSeries(appendSample(series, sample));
  if (!running) return <Text c="dimmed">The container is not running.</Text>;
  if (error) return <Alert color="red">Stats could not be read: {errorMessage(error)}</Alert>;
  const last = series.last;
  return (
    <Stack gap="sm">
      <Group gap="lg" aria-label="Current use">
        <Figure label="CPU" value={last ? `${last.cpuPercent.toFixed(1)} %` : '…'} />
        <Figure
          label="Memory"
          value={
            last
              ? `${mib(last.memoryBytes)} / ${last.memoryLimitBytes ? mib(last.memoryLimitBytes) : '—'}`
              : '…'
          }
        />
        <Figure label="Processes" value={last ? String(last.pids) : '…'} />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Chart title="CPU (% of one CPU)">
          <AreaChart
            h={140}
            data={series.points}
            dataKey="time"
            series={[{ name: 'cpu', label: 'CPU %', color: 'blue.6' }]}
            withDots={false}
            curveType="linear"
            withXAxis={false}
          />
        </Chart>
        <Chart title="Memory (MiB)">
          <AreaChart
            h={140}
            data={series.points}
            dataKey="time"
            series={[{ name: 'memoryMiB', label: 'MiB', color: 'teal.6' }]}
            withDots={false}
            curveType="linear"
            withXAxis={false}
          />
        </Chart>
        <Chart title="Network (KiB/s)">
          <LineChart
            h={140}
            data={series.points}
            dataKey="time"
            series={[
              { name: 'rxKiBs', label: 'in', color: 'violet.6' },
              { name: 'txKiBs', label: 'out', color: 'orange.6' },
            ]}
            withDots={false}
            curveType="linear"
            withXAxis={false}
          />
        </Chart>
        <Chart title="Disk (KiB/s)">
          <LineChart
            h={140}
            data={series.points}
            dataKey="time"
            series={[
              { name: 'readKiBs', label: 'read', color: 'cyan.6' },
              { name: 'writeKiBs', label: 'write', color: 'red.6' },
            ]}
            withDots={false}
            curveType="linear"
            withXAxis={false}
          />
        </Chart>
      </SimpleGrid>
    </Stack>
  );
}

function Chart({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4} role="figure" aria-label={title}>
      <Text size="xs" c="dimmed">
        {title}
      </Text>
      {children}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="lg" fw={500} aria-label={label}>
        {value}
      </Text>
    </Stack>
  );
}

function mib(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(2)} GiB`
    : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
