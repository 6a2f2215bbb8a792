import { ActionIcon, Alert, Button, Group, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Network } from '@shared/schemas/resources';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../../api/query-client';
import { useNetworks, useResourceChange } from '../../../../api/resources';
import { ConfirmModal } from './ConfirmModal';
import { NoWrapBadge } from './NoWrapBadge';

export function NetworksPanel({ hostId, connected }: { hostId: string; connected: boolean }) {
  const { data: networks, error, isPending } = useNetworks(hostId, connected);
  const [removing, setRemoving] = useState<Network | null>(null);
  const [pruning, setPruning] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {networks ? `${networks.length} networks` : ''}
        </Text>
        <Button variant="default" size="xs" onClick={() => setPruning(true)} disabled={!networks}>
          Prune unused networks…
        </Button>
      </Group>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {isPending && <Skeleton h={120} />}
      {networks && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" highlightOnHover aria-label="Networks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Driver</Table.Th>
                <Table.Th>Subnet</Table.Th>
                <Table.Th>Containers</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {networks.map((network) => (
                <NetworkRow key={network.id} network={network} onRemove={() => setRemoving(network)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {removing && (
        <RemoveNetworkModal hostId={hostId} network={removing} onClose={() => setRemoving(null)} />
      )}
      {pruning && networks && (
        <PruneNetworksModal hostId={hostId} networks={networks} onClose={() => setPruning(false)} />
      )}
    </Stack>
  );
}

function NetworkRow({ network, onRemove }: { network: Network; onRemove(): void }) {
  return (
    <Table.Tr>
      <Table.Td style={{ wordBreak: 'break-all' }}>
        <Group gap="xs" wrap="nowrap">
          <Text size="sm">{network.name}</Text>
          {network.builtIn && <NoWrapBadge color="gray">built-in</NoWrapBadge>}
        </Group>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {network.driver} · {network.scope}
      </Table.Td>
      <Table.Td>
        {network.subnets.length === 0
          ? '—'
          : network.subnets.map((s) => (
              <Text key={s.subnet} size="sm" style={{ whiteSpace: 'nowrap' }}>
                {s.subnet}
                {s.gateway ? ` via ${s.gateway}` : ''}
              </Text>
            ))}
      </Table.Td>
      <Table.Td>
        {network.containers.map((c) => (
          <Text key={c.name} size="sm">
            {c.name}
            {c.ipv4 || c.ipv6 ? ` (${[c.ipv4, c.ipv6].filter(Boolean).join(', ')})` : ''}
          </Text>
        ))}
      </Table.Td>
      <Table.Td>
        {!network.builtIn && (
          <Tooltip label={`Remove ${network.name}`}>
            <ActionIcon variant="subtle" color="red" aria-label={`Remove ${network.name}`} onClick={onRemove}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function RemoveNetworkModal({
  hostId,
  network,
  onClose,
}: {
  hostId: string;
  network: Network;
  onClose(): void;
}) {
  const remove = useResourceChange('networks.remove');
  const attached = network.containers.map((c) => c.name);
  return (
    <ConfirmModal
      opened
      title={`Remove ${network.name}?`}
      confirmLabel="Remove network"
      busy={remove.isPending}
      onClose={onClose}
      onConfirm={() => remove.mutate({ hostId, networkId: network.id }, { onSuccess: onClose })}
    >
      <Text size="sm">
        {attached.length > 0
          ? `Containers are configured on it (${attached.join(', ')}); Docker refuses while any of them runs.`
          : 'The network is deleted from the host.'}
      </Text>
    </ConfirmModal>
  );
}

function PruneNetworksModal({
  hostId,
  networks,
  onClose,
}: {
  hostId: string;
  networks: Network[];
  onClose(): void;
}) {
  const prune = useResourceChange('networks.prune');
  const unused = networks.filter((n) => !n.builtIn && n.containers.length === 0);
  return (
    <ConfirmModal
      opened
      title="Prune unused networks?"
      confirmLabel="Prune networks"
      canConfirm={unused.length > 0}
      busy={prune.isPending}
      onClose={onClose}
      onConfirm={() => prune.mutate({ hostId }, { onSuccess: onClose })}
    >
      <Text size="sm" aria-label="Reclaimable">
        {unused.length === 0
          ? 'Every network is built in or in use: nothing to prune.'
          : `${unused.length} network${unused.length === 1 ? '' : 's'} no container uses: ${unused.map((n) => n.name).join(', ')}. Networks take no disk space.`}
      </Text>
    </ConfirmModal>
  );
}
