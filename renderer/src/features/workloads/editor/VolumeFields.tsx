import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { WorkloadForm } from './use-workload-form';
import { emptyVolume, type VolumeRow } from './workload-form-values';

const KINDS = [
  { value: 'volume', label: 'Named volume' },
  { value: 'bind', label: 'Host path' },
  { value: 'tmpfs', label: 'tmpfs' },
];

/** Mounts: named volumes, host paths (under the host's allowed base path) and tmpfs. */
export function VolumeFields({ form }: { form: WorkloadForm }) {
  const { values, errors } = form;
  const setRow = (index: number, patch: Partial<VolumeRow>) =>
    form.change(
      (current) => ({
        ...current,
        volumes: current.volumes.map((row, at) => (at === index ? { ...row, ...patch } : row)),
      }),
      `volumes.${index}.`,
    );
  return (
    <Stack gap="xs" role="group" aria-label="Volumes">
      <Group justify="space-between">
        <Title order={5}>Volumes</Title>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            form.change(
              (current) => ({ ...current, volumes: [...current.volumes, emptyVolume()] }),
              'volumes',
            )
          }
        >
          Add volume
        </Button>
      </Group>
      {values.volumes.length === 0 && (
        <Text size="sm" c="dimmed">
          No volumes. Host paths must lie under the host&apos;s bind base path (Settings → Workloads).
        </Text>
      )}
      {values.volumes.map((row, index) => {
        const err = (field: string) => errors[`volumes.${index}.${field}`];
        return (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
            <Select
              aria-label={`Kind of volume ${index + 1}`}
              data={KINDS}
              value={row.kind}
              allowDeselect={false}
              w={150}
              onChange={(value) => value && setRow(index, { kind: value as VolumeRow['kind'] })}
            />
            {row.kind === 'volume' && (
              <TextInput
                aria-label={`Volume name ${index + 1}`}
                placeholder="data"
                value={row.name}
                error={err('name')}
                style={{ flex: 1 }}
                onChange={(event) => setRow(index, { name: event.currentTarget.value })}
              />
            )}
            {row.kind === 'bind' && (
              <TextInput
                aria-label={`Host path ${index + 1}`}
                placeholder="/srv/app/data"
                value={row.source}
                error={err('source')}
                style={{ flex: 1 }}
                onChange={(event) => setRow(index, { source: event.currentTarget.value })}
              />
            )}
            <TextInput
              aria-label={`Mount point ${index + 1}`}
              placeholder="/data"
              value={row.target}
              error={err('target')}
              style={{ flex: 1 }}
              onChange={(event) => setRow(index, { target: event.currentTarget.value })}
            />
            {row.kind === 'tmpfs' ? (
              <NumberInput
                aria-label={`Size in MB ${index + 1}`}
                placeholder="Size MB"
                min={1}
                allowDecimal={false}
                value={row.sizeMb}
                error={err('sizeMb')}
                w={110}
                onChange={(value) => setRow(index, { sizeMb: value })}
              />
            ) : (
              <Checkbox
                mt={8}
                label="Read-only"
                checked={row.readOnly}
                onChange={(event) => setRow(index, { readOnly: event.currentTarget.checked })}
              />
            )}
            <ActionIcon
              mt={4}
              variant="subtle"
              color="red"
              aria-label={`Remove volume ${index + 1}`}
              onClick={() =>
                form.change(
                  (current) => ({ ...current, volumes: current.volumes.filter((_, at) => at !== index) }),
                  'volumes',
                )
              }
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
    </Stack>
  );
}
