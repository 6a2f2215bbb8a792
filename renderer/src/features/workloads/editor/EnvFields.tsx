import {
  ActionIcon,
  Button,
  Group,
  PasswordInput,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { WorkloadForm } from './use-workload-form';
import type { EnvRow } from './workload-form-values';

/**
 * Environment variables. A secret's value goes to the secret store and never comes back: its field starts
 * empty on edit ("stored — leave empty to keep") and is a password field while typed.
 */
export function EnvFields({ form }: { form: WorkloadForm }) {
  const { values, errors } = form;
  const setRow = (index: number, patch: Partial<EnvRow>) =>
    form.change(
      (current) => ({
        ...current,
        env: current.env.map((row, at) => (at === index ? { ...row, ...patch } : row)),
      }),
      `env.${index}.`,
    );
  return (
    <Stack gap="xs" role="group" aria-label="Environment">
      <Group justify="space-between">
        <Title order={5}>Environment</Title>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            form.change(
              (current) => ({
                ...current,
                env: [...current.env, { key: '', value: '', secret: false, stored: false }],
              }),
              'env',
            )
          }
        >
          Add variable
        </Button>
      </Group>
      {values.env.length === 0 && (
        <Text size="sm" c="dimmed">
          No variables.
        </Text>
      )}
      {values.env.map((row, index) => {
        const name = row.key.trim() || `variable ${index + 1}`;
        const valueProps = {
          'aria-label': `Value of ${name}`,
          placeholder: row.stored ? 'Stored — leave empty to keep' : 'value',
          value: row.value,
          error: errors[`env.${index}.value`],
          style: { flex: 1 },
          onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
            setRow(index, { value: event.currentTarget.value }),
        };
        return (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              aria-label={`Name of variable ${index + 1}`}
              placeholder="NAME"
              value={row.key}
              error={errors[`env.${index}.key`]}
              style={{ flex: 1 }}
              onChange={(event) => setRow(index, { key: event.currentTarget.value })}
            />
            {row.secret ? <PasswordInput {...valueProps} /> : <TextInput {...valueProps} />}
            <Switch
              mt={8}
              label="Secret"
              checked={row.secret}
              // Turning a stored secret into a plain variable needs its value typed again.
              onChange={(event) => setRow(index, { secret: event.currentTarget.checked, stored: false })}
            />
            <ActionIcon
              mt={4}
              variant="subtle"
              color="red"
              aria-label={`Remove variable ${name}`}
              onClick={() =>
                form.change(
                  (current) => ({ ...current, env: current.env.filter((_, at) => at !== index) }),
                  'env',
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
