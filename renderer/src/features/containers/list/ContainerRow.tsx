import { Anchor, Table, Text } from '@mantine/core';
import { memo } from 'react';
import { Link } from 'react-router';
import type { Container, ContainerPort } from '@shared/schemas/containers';
import { ContainerActions } from '../actions/ContainerActions';
import { ContainerStateBadge } from './ContainerStateBadge';

/** The container's own page. */
export function containerPagePath(container: Container): string {
  return `/hosts/${container.hostId}/containers/${encodeURIComponent(container.name)}`;
}

interface ContainerRowProps {
  container: Container;
  /** Stable across renders (the page's state setter), so the memoized row skips redrawing. */
  onShowLogs(container: Container): void;
  /** The row the keyboard (j/k) is on. */
  active?: boolean;
}

/** Memoized: moving the keyboard (j/k) or a refetch with one changed container redraws only those rows. */
export const ContainerRow = memo(function ContainerRow({
  container,
  onShowLogs,
  active = false,
}: ContainerRowProps) {
  return (
    <Table.Tr
      data-container-id={container.id}
      aria-current={active ? 'true' : undefined}
      bg={active ? 'var(--mantine-primary-color-light)' : undefined}
    >
      <Table.Td maw={240}>
        <Anchor
          component={Link}
          to={containerPagePath(container)}
          size="sm"
          fw={500}
          truncate
          display="block"
        >
          {container.name}
        </Anchor>
        {container.composeService && (
          <Text size="xs" c="dimmed" truncate>
            service {container.composeService}
          </Text>
        )}
      </Table.Td>
      <Table.Td maw={300}>
        {/* The browser's own tooltip for the whole name: a floating Tooltip per row costs too much at 200 rows. */}
        <Text size="sm" ff="monospace" truncate title={container.image}>
          {container.image}
        </Text>
      </Table.Td>
      <Table.Td>
        <ContainerStateBadge container={container} />
        <Text size="xs" c="dimmed" mt={2}>
          {container.status}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" ff="monospace">
          {formatPorts(container.ports) || '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <ContainerActions container={container} onShowLogs={() => onShowLogs(container)} />
      </Table.Td>
    </Table.Tr>
  );
});

/** Published ports as `8080→80/tcp`, deduplicated across IPv4 and IPv6 bindings. */
function formatPorts(ports: readonly ContainerPort[]): string {
  const shown = new Set<string>();
  for (const port of ports) {
    shown.add(
      port.publicPort
        ? `${port.publicPort}→${port.privatePort}/${port.type}`
        : `${port.privatePort}/${port.type}`,
    );
  }
  return [...shown].join(', ');
}
