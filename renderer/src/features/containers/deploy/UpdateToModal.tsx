import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import type { Container } from '@shared/schemas/containers';
import type { DeployTagKind } from '@shared/schemas/deploys';
import { useDeployTags, useStartDeploy } from '../../../api/deploys';
import { errorMessage } from '../../../api/query-client';
import { useFollowDeploy } from './use-follow-deploy';
import { useEverOpened } from '../../../components/use-ever-opened';

const KIND_COLORS: Record<DeployTagKind, string> = {
  current: 'teal',
  patch: 'blue',
  minor: 'yellow',
  major: 'red',
  older: 'gray',
  other: 'gray',
};

interface Props {
  container: Container;
  opened: boolean;
  onClose(): void;
}

/**
 * The tags of the container's repository, newest first, each with how big a step it is from the running
 * one; choosing one starts a health-gated deploy of that tag and shows its progress.
 */
export function UpdateToModal(props: Props) {
  // Every container row's deploy menu has one: mounted (with its queries) only once asked for.
  return useEverOpened(props.opened) ? <UpdateToDialog {...props} /> : null;
}

function UpdateToDialog({ container, opened, onClose }: Props) {
  const name = container.name;
  const tags = useDeployTags(container.hostId, name, opened);
  const start = useStartDeploy();
  const follow = useFollowDeploy();
  const [filter, setFilter] = useState('');
  const deploy = (tag: string) =>
    start.mutate(
      { hostId: container.hostId, containerName: name, tag },
      {
        onSuccess: () => {
          onClose();
          follow(
            `Updating ${name}`,
            `To ${tag}, behind its health check; the old version comes back if it fails.`,
          );
        },
      },
    );
  const shown = (tags.data?.tags ?? []).filter((choice) => choice.tag.includes(filter.trim()));
  return (
    <Modal opened={opened} onClose={onClose} title={`Update ${name} to…`} size="lg">
      <Stack gap="sm">
        {tags.data && (
          <Text size="sm" c="dimmed">
            Tags of{' '}
            <Text span ff="monospace">
              {tags.data.image}
            </Text>
            , newest first
            {tags.data.total > tags.data.tags.length &&
              ` (the newest ${tags.data.tags.length} of ${tags.data.total})`}
            .
          </Text>
        )}
        <TextInput
          aria-label="Filter tags"
          placeholder="Filter tags"
          leftSection={<IconSearch size={14} />}
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
        {tags.isPending && <Loader size="sm" aria-label="Loading tags" />}
        {tags.isError && (
          <Alert color="red" title="Cannot list the tags">
            {errorMessage(tags.error)}
          </Alert>
        )}
        {tags.data && shown.length === 0 && (
          <Text size="sm" c="dimmed">
            No tag matches.
          </Text>
        )}
        {shown.length > 0 && (
          <ScrollArea.Autosize mah={420}>
            <Table verticalSpacing={4} aria-label={`Tags of ${name}`}>
              <Table.Tbody>
                {shown.map(({ tag, kind }) => (
                  <Table.Tr key={tag}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {tag}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="light" color={KIND_COLORS[kind]}>
                        {kind === 'current' ? 'running' : kind}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group justify="flex-end">
                        <Button
                          size="compact-xs"
                          variant="light"
                          disabled={kind === 'current' || (start.isPending && start.variables.tag !== tag)}
                          loading={start.isPending && start.variables.tag === tag}
                          aria-label={`Update ${name} to ${tag}`}
                          onClick={() => deploy(tag)}
                        >
                          {kind === 'current' ? 'Running' : 'Deploy'}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Stack>
    </Modal>
  );
}
