import {
  Alert,
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
import type { Stage, WorkloadView } from '@shared/schemas/workloads';
import { useState } from 'react';
import { errorMessage } from '../../../api/query-client';
import { useStageTags } from '../../../api/workloads';
import { StatusBadge } from '../list/InstanceTable';
import { stageInstances } from '../workload-format';

interface Props {
  workload: WorkloadView;
  stage: Stage | null;
  onClose(): void;
  onChoose(stage: Stage, tag: string): void;
}

/** The tags a stage may deploy, newest first, each with its note (running in the promote-from stage…). */
export function DeployVersionModal({ workload, stage, onClose, onChoose }: Props) {
  const opened = stage !== null;
  const tags = useStageTags(workload.id, stage?.name ?? 'x', opened);
  const [filter, setFilter] = useState('');
  const running = new Set(stage ? stageInstances(workload, stage.name).map((instance) => instance.tag) : []);
  const shown = (tags.data ?? []).filter((choice) => choice.tag.includes(filter.trim()));
  return (
    <Modal opened={opened} onClose={onClose} title={`Deploy ${workload.name} ${stage?.name ?? ''}`} size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {stage?.promoteFrom
            ? `Tags running in ${stage.promoteFrom} now, newest first.`
            : `Tags of ${workload.image} matching ${stage?.tagPattern ?? ''}, newest first.`}
        </Text>
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
            No tag to offer.
          </Text>
        )}
        {shown.length > 0 && stage && (
          <ScrollArea.Autosize mah={420}>
            <Table verticalSpacing={4} aria-label={`Tags for ${workload.name} ${stage.name}`}>
              <Table.Tbody>
                {shown.map(({ tag, note }) => (
                  <Table.Tr key={tag}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {tag}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {running.has(tag) && <StatusBadge color="teal">running here</StatusBadge>}
                        {note && (
                          <Text size="xs" c="dimmed">
                            {note}
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Group justify="flex-end">
                        <Button
                          size="compact-xs"
                          variant="light"
                          aria-label={`Deploy ${tag} to ${stage.name}`}
                          onClick={() => onChoose(stage, tag)}
                        >
                          Deploy
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
