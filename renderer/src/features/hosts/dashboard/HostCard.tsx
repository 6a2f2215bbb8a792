import { Box, Card, Group, Stack, Text } from '@mantine/core';
import type { Host, HostStatus } from '@shared/schemas/hosts';
import { IconChevronRight } from '@tabler/icons-react';
import { hostColorCss } from '../host-color';
import { HostStateBadge } from '../HostStateBadge';
import { HostStatusDot } from '../HostStatusDot';
import type { ContainerCounts } from './container-counts';
import classes from './HostCard.module.css';

interface HostCardProps {
  host: Host;
  status: HostStatus | undefined;
  /** Undefined while not connected or not loaded yet. */
  counts: ContainerCounts | undefined;
  onOpen(): void;
}

export function HostCard({ host, status, counts, onOpen }: HostCardProps) {
  const connected = status?.state === 'connected';
  return (
    <Card
      withBorder
      padding="md"
      component="button"
      type="button"
      onClick={onOpen}
      aria-label={`Open ${host.name}`}
      className={classes.card}
      style={{ borderLeft: host.color ? `4px solid ${hostColorCss(host.color)}` : undefined }}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <HostStatusDot status={status} />
            <Box style={{ minWidth: 0 }}>
              <Text fw={600} truncate>
                {host.name}
              </Text>
              <Text size="xs" c="dimmed" truncate ff="monospace">
                {host.user}@{host.address}
                {host.port !== 22 && `:${host.port}`}
              </Text>
            </Box>
          </Group>
          <IconChevronRight size={18} color="var(--mantine-color-dimmed)" aria-hidden />
        </Group>
        <Group justify="space-between" align="flex-end" wrap="nowrap">
          <HostStateBadge status={status} />
          {connected && counts && <CountsLine counts={counts} />}
          {connected && !host.dockerEnabled && (
            <Text size="xs" c="dimmed">
              SSH only (no Docker)
            </Text>
          )}
        </Group>
        {!connected && status?.reason && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {status.reason}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function CountsLine({ counts }: { counts: ContainerCounts }) {
  return (
    <Group gap="md" wrap="nowrap">
      <Count value={counts.running} label="running" color="teal" />
      <Count value={counts.stopped} label="stopped" />
      <Count value={counts.unhealthy} label="unhealthy" color={counts.unhealthy > 0 ? 'red' : undefined} />
    </Group>
  );
}

function Count({ value, label, color }: { value: number; label: string; color?: string }) {
  return (
    <Text size="sm" aria-label={`${value} ${label}`}>
      <Text span fw={650} c={color}>
        {value}
      </Text>{' '}
      <Text span size="xs" c="dimmed">
        {label}
      </Text>
    </Text>
  );
}
