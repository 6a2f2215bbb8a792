import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import type { Image } from '@shared/schemas/resources';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../../api/query-client';
import { useImages, useImagePrunePreview, useResourceChange } from '../../../../api/resources';
import { ConfirmModal } from './ConfirmModal';
import { formatBytes, formatDate, shortId } from './format';
import { NoWrapBadge } from './NoWrapBadge';
import { PullImageForm } from './PullImageForm';

export function ImagesPanel({ hostId, connected }: { hostId: string; connected: boolean }) {
  const { data: images, error, isPending } = useImages(hostId, connected);
  const [removing, setRemoving] = useState<Image | null>(null);
  const [pruning, setPruning] = useState(false);
  return (
    <Stack gap="md">
      <PullImageForm hostId={hostId} />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {images ? `${images.length} images` : ''}
        </Text>
        <Button variant="default" size="xs" onClick={() => setPruning(true)}>
          Prune unused images…
        </Button>
      </Group>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {isPending && <Skeleton h={120} />}
      {/* Wide enough that a registry/repository:tag breaks at most once or twice; narrower, it scrolls. */}
      {images && (
        <Table.ScrollContainer minWidth={880}>
          <Table verticalSpacing="xs" highlightOnHover aria-label="Images">
            <Table.Thead>
              <Table.Tr>
                <Table.Th miw={280}>Repository and tag</Table.Th>
                <Table.Th>ID</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Used by</Table.Th>
                <Table.Th w={50} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {images.map((image) => (
                <ImageRow key={image.id} image={image} onRemove={() => setRemoving(image)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {removing && <RemoveImageModal hostId={hostId} image={removing} onClose={() => setRemoving(null)} />}
      {pruning && <PruneImagesModal hostId={hostId} onClose={() => setPruning(false)} />}
    </Stack>
  );
}

function ImageRow({ image, onRemove }: { image: Image; onRemove(): void }) {
  const label = imageLabel(image);
  return (
    <Table.Tr data-image-id={image.id}>
      <Table.Td style={{ wordBreak: 'break-all' }}>
        {image.dangling ? (
          <NoWrapBadge color="gray">dangling</NoWrapBadge>
        ) : (
          <TagList tags={image.repoTags} />
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {shortId(image.id)}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(image.size)}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(image.created)}</Table.Td>
      <Table.Td>
        {image.containers.length > 0 ? (
          <Text size="sm">{image.containers.join(', ')}</Text>
        ) : (
          <NoWrapBadge color="gray" variant="outline">
            unused
          </NoWrapBadge>
        )}
      </Table.Td>
      <Table.Td>
        <Tooltip label={`Remove ${label}`}>
          <ActionIcon variant="subtle" color="red" aria-label={`Remove ${label}`} onClick={onRemove}>
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      </Table.Td>
    </Table.Tr>
  );
}

const SHOWN_TAGS = 3;

/** A few tags, the rest behind a "+N more" badge with all of them in its tooltip: rows stay short. */
function TagList({ tags }: { tags: string[] }) {
  const hidden = tags.length - SHOWN_TAGS;
  return (
    <Stack gap={2}>
      {tags.slice(0, SHOWN_TAGS).map((tag) => (
        <Text key={tag} size="sm">
          {tag}
        </Text>
      ))}
      {hidden > 0 && (
        <Tooltip label={tags.slice(SHOWN_TAGS).join(', ')} multiline maw={500}>
          <span>
            <NoWrapBadge color="gray" variant="outline">{`+${hidden} more`}</NoWrapBadge>
          </span>
        </Tooltip>
      )}
    </Stack>
  );
}

/** A single-tag image is removed by its tag (what the user sees), any other by its id. */
function imageLabel(image: Image): string {
  return image.repoTags.length === 1 ? (image.repoTags[0] ?? image.id) : shortId(image.id);
}

function RemoveImageModal({ hostId, image, onClose }: { hostId: string; image: Image; onClose(): void }) {
  const remove = useResourceChange('images.remove');
  const [force, setForce] = useState(false);
  const label = imageLabel(image);
  const needsForce = image.containers.length > 0 || image.repoTags.length > 1;
  return (
    <ConfirmModal
      opened
      title={`Remove ${label}?`}
      confirmLabel="Remove image"
      busy={remove.isPending}
      canConfirm={!needsForce || force}
      onClose={onClose}
      onConfirm={() =>
        remove.mutate(
          { hostId, imageId: image.repoTags.length === 1 ? label : image.id, force },
          { onSuccess: onClose },
        )
      }
    >
      <Text size="sm">
        The image is deleted from the host ({formatBytes(image.size)}). It can be pulled again later.
      </Text>
      {image.containers.length > 0 && (
        <Text size="sm">
          Used by {image.containers.join(', ')}: those containers must go first, or force.
        </Text>
      )}
      {image.repoTags.length > 1 && <Text size="sm">It has {image.repoTags.length} tags; all go.</Text>}
      {needsForce && (
        <Checkbox
          color="red"
          label="Force"
          checked={force}
          onChange={(event) => setForce(event.currentTarget.checked)}
        />
      )}
    </ConfirmModal>
  );
}

function PruneImagesModal({ hostId, onClose }: { hostId: string; onClose(): void }) {
  const preview = useImagePrunePreview(hostId, true);
  const prune = useResourceChange('images.prune');
  const count = preview.data?.images.length ?? 0;
  return (
    <ConfirmModal
      opened
      title="Prune unused images?"
      confirmLabel="Prune images"
      canConfirm={count > 0}
      busy={prune.isPending}
      onClose={onClose}
      onConfirm={() => prune.mutate({ hostId }, { onSuccess: onClose })}
    >
      {preview.isPending && <Skeleton h={40} />}
      {preview.error && <Alert color="red">{errorMessage(preview.error)}</Alert>}
      {preview.data && (
        <Text size="sm" aria-label="Reclaimable">
          {count === 0
            ? 'No dangling image is unused: nothing to prune.'
            : `${count} dangling image${count === 1 ? '' : 's'} no container uses: up to ${formatBytes(preview.data.reclaimableBytes)} reclaimed (layers other images share stay).`}
        </Text>
      )}
    </ConfirmModal>
  );
}
