import { ActionIcon, Alert, Button, Group, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Volume } from '@shared/schemas/resources';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../../api/query-client';
import { useVolumes, useResourceChange } from '../../../../api/resources';
import { ConfirmModal } from './ConfirmModal';
import { formatBytes, formatDate } from './format';
import { NoWrapBadge } from './NoWrapBadge';

export function VolumesPanel({ hostId, connected }: { hostId: string; connected: boolean }) {
  const { data: volumes, error, isPending } = useVolumes(hostId, connected);
  const [removing, setRemoving] = useState<Volume | null>(null);
  const [pruning, setPruning] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {volumes ? `${volumes.length} volumes` : ''}
        </Text>
        <Button variant="default" size="xs" onClick={() => setPruning(true)} disabled={!volumes}>
          Prune unused volumes…
        </Button>
      </Group>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {isPending && <Skeleton h={120} />}
      {volumes && (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" highlightOnHover aria-label="Volumes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Driver</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Used by</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {volumes.map((volume) => (
                <Table.Tr key={volume.name}>
                  <Table.Td style={{ wordBreak: 'break-all' }}>
                    <Text size="sm">{volume.name}</Text>
                    <Text size="xs" c="dimmed">
                      {volume.mountpoint}
                    </Text>
                  </Table.Td>
                  <Table.Td>{volume.driver}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {volume.sizeBytes === null ? '—' : formatBytes(volume.sizeBytes)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(volume.created)}</Table.Td>
                  <Table.Td>
                    {volume.containers.length > 0 ? (
                      <Text size="sm">{volume.containers.join(', ')}</Text>
                    ) : (
                      <NoWrapBadge color="gray" variant="outline">
                        unused
                      </NoWrapBadge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={`Remove ${volume.name}`}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${volume.name}`}
                        onClick={() => setRemoving(volume)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {removing && <RemoveVolumeModal hostId={hostId} volume={removing} onClose={() => setRemoving(null)} />}
      {pruning && volumes && (
        <PruneVolumesModal hostId={hostId} volumes={volumes} onClose={() => setPruning(false)} />
      )}
    </Stack>
  );
}

function RemoveVolumeModal({ hostId, volume, onClose }: { hostId: string; volume: Volume; onClose(): void }) {
  const remove = useResourceChange('volumes.remove');
  return (
    <ConfirmModal
      opened
      title={`Remove ${volume.name}?`}
      confirmLabel="Remove volume"
      canConfirm={volume.containers.length === 0}
      busy={remove.isPending}
      onClose={onClose}
      onConfirm={() => remove.mutate({ hostId, name: volume.name }, { onSuccess: onClose })}
    >
      <Text size="sm">
        {volume.containers.length > 0
          ? `Used by ${volume.containers.join(', ')}: remove those containers first.`
          : 'The volume and every file in it are deleted from the host. This cannot be undone.'}
      </Text>
    </ConfirmModal>
  );
}

/** The list already says which volumes nobody mounts: that is what a prune removes. */
function PruneVolumesModal({
  hostId,
  volumes,
  onClose,
}: {
  hostId: string;
  volumes: Volume[];
  onClose(): void;
}) {
  const prune = useResourceChange('volumes.prune');
  const unused = volumes.filter((volume) => volume.containers.length === 0);
  const known = unused.reduce((sum, volume) => sum + (volume.sizeBytes ?? 0), 0);
  const unknown = unused.some((volume) => volume.sizeBytes === null);
  return (
    <ConfirmModal
      opened
      title="Prune unused volumes?"
      confirmLabel="Prune volumes"
      canConfirm={unused.length > 0}
      busy={prune.isPending}
      onClose={onClose}
      onConfirm={() => prune.mutate({ hostId }, { onSuccess: onClose })}
    >
      <Text size="sm" aria-label="Reclaimable">
        {unused.length === 0
          ? 'Every volume is in use: nothing to prune.'
          : `${unused.length} volume${unused.length === 1 ? '' : 's'} no container uses, with all their data: ${unused.map((v) => v.name).join(', ')}. ${unknown ? 'The engine does not report every size' : `${formatBytes(known)} reclaimed`}.`}
      </Text>
    </ConfirmModal>
  );
}
