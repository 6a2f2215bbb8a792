import { Anchor, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { Container, ContainerPort } from '@shared/schemas/containers';
import { ContainerActions } from '../actions/ContainerActions';
import { ContainerStateBadge } from './ContainerStateBadge';

export function ContainerRow({ container, onShowLogs }: { container: Container; onShowLogs(): void }) {
  return (
    <Table.Tr>
      <Table.Td maw={240}>
        <Anchor
          component={Link}
          to={`/hosts/${container.hostId}/containers/${encodeURIComponent(container.name)}`}
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
        <Tooltip label={container.image} openDelay={500} withArrow>
          <Text size="sm" ff="monospace" truncate>
            {container.image}
          </Text>
        </Tooltip>
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
        <ContainerActions container={container} onShowLogs={onShowLogs} />
      </Table.Td>
    </Table.Tr>
  );
}

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
