import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { WorkloadForm } from './use-workload-form';
import { emptyStage, type StageRow } from './workload-form-values';

/** The stages (dev, rel, prod…): each follows the tags matching its pattern. */
export function StageFields({ form }: { form: WorkloadForm }) {
  const { values, errors } = form;
  const setStage = (index: number, patch: Partial<StageRow>) =>
    form.change(
      (current) => ({
        ...current,
        stages: current.stages.map((stage, at) => (at === index ? { ...stage, ...patch } : stage)),
      }),
      `stages.${index}.`,
    );
  const removeStage = (index: number) =>
    form.change(
      (current) => ({ ...current, stages: current.stages.filter((_, at) => at !== index) }),
      'stages',
    );
  const addStage = () =>
    form.change(
      (current) => ({ ...current, stages: [...current.stages, emptyStage(nextStageName(current.stages))] }),
      'stages',
    );
  return (
    <Stack gap="sm" role="group" aria-label="Stages">
      <Group justify="space-between">
        <Title order={5}>Stages</Title>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={addStage}
          disabled={values.stages.length >= 10}
        >
          Add stage
        </Button>
      </Group>
      {errors.stages && (
        <Text size="sm" c="red">
          {errors.stages}
        </Text>
      )}
      {values.stages.map((stage, index) => {
        const err = (field: string) => errors[`stages.${index}.${field}`];
        const others = values.stages
          .filter((_, at) => at !== index)
          .map((other) => other.name.trim())
          .filter((name) => name !== '');
        const label = stage.name.trim() || `stage ${index + 1}`;
        return (
          <Paper key={index} withBorder p="sm" role="group" aria-label={`Stage ${label}`}>
            <Stack gap="xs">
              <Group align="flex-start" gap="xs" wrap="nowrap">
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" style={{ flex: 1 }}>
                  <TextInput
                    label="Stage name"
                    required
                    placeholder="dev"
                    value={stage.name}
                    error={err('name')}
                    onChange={(event) => setStage(index, { name: event.currentTarget.value })}
                  />
                  <TextInput
                    label="Tag pattern"
                    description="A glob: dev-*, v*, *"
                    required
                    value={stage.tagPattern}
                    error={err('tagPattern')}
                    onChange={(event) => setStage(index, { tagPattern: event.currentTarget.value })}
                  />
                  <NumberInput
                    label="Max instances"
                    description="1: strict blue-green"
                    min={1}
                    max={10}
                    allowDecimal={false}
                    value={stage.maxInstances}
                    error={err('maxInstances')}
                    onChange={(value) => setStage(index, { maxInstances: value })}
                  />
                  <TextInput
                    label="Subdomain"
                    description="Empty: the global pattern"
                    placeholder="launcher or launcher.example.com"
                    value={stage.subdomain}
                    error={err('subdomain')}
                    onChange={(event) => setStage(index, { subdomain: event.currentTarget.value })}
                  />
                  <TextInput
                    label="Pinned tag"
                    description="Empty: the newest matching tag"
                    placeholder="latest"
                    value={stage.pinnedTag}
                    error={err('pinnedTag')}
                    onChange={(event) => setStage(index, { pinnedTag: event.currentTarget.value })}
                  />
                  <TextInput
                    label="Swarm service"
                    description="Empty: containers on the host, blue-green"
                    placeholder="a service of the host's swarm"
                    value={stage.swarmService}
                    error={err('swarmService')}
                    onChange={(event) => setStage(index, { swarmService: event.currentTarget.value })}
                  />
                  <Select
                    label="Promote from"
                    description="Only tags running there"
                    placeholder="No promotion"
                    clearable
                    data={others}
                    value={stage.promoteFrom}
                    error={err('promoteFrom')}
                    onChange={(value) => setStage(index, { promoteFrom: value })}
                  />
                </SimpleGrid>
                <ActionIcon
                  mt={24}
                  variant="subtle"
                  color="red"
                  aria-label={`Remove stage ${label}`}
                  disabled={values.stages.length === 1}
                  onClick={() => removeStage(index)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <Group gap="lg">
                <Checkbox
                  label="Auto-deploy"
                  checked={stage.autoDeploy}
                  disabled={stage.confirm}
                  title={stage.confirm ? 'A stage that asks first is never deployed by itself' : undefined}
                  onChange={(event) => setStage(index, { autoDeploy: event.currentTarget.checked })}
                />
                <Checkbox
                  label="Ask before deploying"
                  checked={stage.confirm}
                  onChange={(event) =>
                    setStage(index, {
                      confirm: event.currentTarget.checked,
                      ...(event.currentTarget.checked ? { autoDeploy: false } : {}),
                    })
                  }
                />
              </Group>
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

function nextStageName(stages: StageRow[]): string {
  const names = new Set(stages.map((stage) => stage.name.trim()));
  for (const name of ['dev', 'rel', 'prod', 'test', 'staging']) if (!names.has(name)) return name;
  return `stage${stages.length + 1}`;
}
