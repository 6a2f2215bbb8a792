import { Group, Paper, SimpleGrid, Text } from '@mantine/core';
import type { ContainerCounts } from './container-counts';

interface DashboardTotalsProps {
  hosts: number;
  connected: number;
  counts: ContainerCounts;
}

export function DashboardTotals({ hosts, connected, counts }: DashboardTotalsProps) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" mb="lg" role="group" aria-label="Totals">
      <Stat label="Hosts connected" value={`${connected} / ${hosts}`} />
      <Stat label="Running" value={counts.running} color="teal" />
      <Stat label="Stopped" value={counts.stopped} />
      <Stat label="Unhealthy" value={counts.unhealthy} color={counts.unhealthy > 0 ? 'red' : undefined} />
    </SimpleGrid>
  );
}

function Stat({ label, value, color }: { label: string; value: number | string; color?: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Group gap={4} mt={4}>
        <Text fz={24} fw={650} c={color} aria-label={`${label}: ${value}`}>
          {value}
        </Text>
      </Group>
    </Paper>
  );
}
