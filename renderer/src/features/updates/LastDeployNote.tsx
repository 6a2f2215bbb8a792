import { Badge, Text } from '@mantine/core';
import type { UpdateEntry } from '@shared/schemas/updates';
import { useDeploys } from '../../api/deploys';

/**
 * What became of the latest update of this entry's container since the entry appeared: running, or
 * failed with the reason (and whether the old version is back). A success needs no note: the entry closes.
 */
export function LastDeployNote({ entry }: { entry: UpdateEntry }) {
  const { data: deploys } = useDeploys();
  const last = deploys?.find(
    (deploy) =>
      deploy.hostId === entry.hostId &&
      deploy.containerName === entry.containerName &&
      deploy.createdAt >= entry.firstSeen,
  );
  if (!last || last.state === 'done') return null;
  if (last.state === 'running')
    return (
      <Badge size="xs" variant="dot" color="blue" mt={4}>
        updating
      </Badge>
    );
  const outcome = last.state === 'rolled-back' ? ', rolled back' : '';
  return (
    <Text size="xs" c="red" mt={4} maw={260} aria-label={`Last update of ${entry.containerName}`}>
      Update failed: {last.reason ?? 'no reason recorded'}
      {outcome}
    </Text>
  );
}
