import { ActionIcon, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileImport, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Registry } from '@shared/schemas/registries';
import { useState } from 'react';
import { useImportDockerConfig, useRegistries, useRemoveRegistry } from '../../../api/registries';
import { RegistryFormModal } from './RegistryFormModal';

/** Registries used for update checks: credentials go to the secret store, only `hasSecret` comes back. */
export function RegistriesSection() {
  const registries = useRegistries().data ?? [];
  const remove = useRemoveRegistry();
  const importConfig = useImportDockerConfig();
  const [editing, setEditing] = useState<Registry | null>(null);
  const [opened, setOpened] = useState(false);
  const open = (registry: Registry | null) => {
    setEditing(registry);
    setOpened(true);
  };
  // Two steps: list what ~/.docker/config.json holds, then import every entry that can be imported.
  const runImport = () =>
    importConfig.mutate(
      {},
      {
        onSuccess: ({ candidates, path }) => {
          const importHosts = candidates
            .filter((c) => c.problem === null && !c.alreadyConfigured)
            .map((c) => c.host);
          if (importHosts.length === 0) {
            notifications.show({ title: 'Nothing to import', message: `No new registries in ${path}` });
            return;
          }
          importConfig.mutate(
            { importHosts },
            {
              onSuccess: ({ imported }) =>
                notifications.show({
                  title: 'Imported',
                  message: `${imported.length} registries from ${path}`,
                }),
            },
          );
        },
      },
    );

  return (
    <Stack gap="sm" aria-label="Registries" role="region">
      <Group justify="space-between">
        <Title order={4}>Registries</Title>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconFileImport size={14} />}
            onClick={runImport}
            loading={importConfig.isPending}
          >
            Import from ~/.docker/config.json
          </Button>
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => open(null)}>
            Add registry
          </Button>
        </Group>
      </Group>
      {registries.length === 0 ? (
        <Text size="sm" c="dimmed">
          No registries configured: public images are checked anonymously.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Configured registries">
          <Table.Tbody>
            {registries.map((registry) => (
              <Table.Tr key={registry.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {registry.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {registry.host}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{registry.username ?? 'anonymous'}</Text>
                </Table.Td>
                <Table.Td>
                  {registry.insecure && (
                    <Badge color="orange" variant="light" size="sm">
                      HTTP
                    </Badge>
                  )}
                  {registry.hasSecret && (
                    <Badge color="gray" variant="light" size="sm" ml={4}>
                      secret stored
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Edit ${registry.name}`}
                      onClick={() => open(registry)}
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Remove ${registry.name}`}
                      onClick={() => remove.mutate({ id: registry.id })}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <RegistryFormModal registry={editing} opened={opened} onClose={() => setOpened(false)} />
    </Stack>
  );
}
