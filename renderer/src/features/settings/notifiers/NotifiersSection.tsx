import { ActionIcon, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import type { Notifier } from '@shared/schemas/updates';
import { useState } from 'react';
import { useNotifiers, useRemoveNotifier, useTestNotifier } from '../../../api/notifiers';
import { NotifierFormModal } from './NotifierFormModal';

/** Where new updates are announced besides the desktop: webhook, Slack or ntfy. */
export function NotifiersSection() {
  const notifiers = useNotifiers().data ?? [];
  const [opened, setOpened] = useState(false);

  return (
    <Stack gap="sm" aria-label="Notifiers" role="region">
      <Group justify="space-between">
        <Title order={4}>Notifiers</Title>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setOpened(true)}>
          Add notifier
        </Button>
      </Group>
      {notifiers.length === 0 ? (
        <Text size="sm" c="dimmed">
          No notifiers: new updates are shown in the app only.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Configured notifiers">
          <Table.Tbody>
            {notifiers.map((notifier) => (
              <NotifierRow key={notifier.id} notifier={notifier} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NotifierFormModal opened={opened} onClose={() => setOpened(false)} />
    </Stack>
  );
}

function NotifierRow({ notifier }: { notifier: Notifier }) {
  const remove = useRemoveNotifier();
  const test = useTestNotifier();
  const runTest = () =>
    test.mutate(
      { id: notifier.id },
      {
        onSuccess: (result) =>
          notifications.show({
            color: result.ok ? 'teal' : 'red',
            title: result.ok ? `${notifier.name}: test sent` : `${notifier.name}: test failed`,
            message: result.message,
          }),
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: `${notifier.name}: test failed`,
            message: error.message,
          }),
      },
    );

  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {notifier.name}
        </Text>
        <Text size="xs" c="dimmed">
          {notifier.target}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" size="sm">
          {notifier.kind}
        </Badge>
        {!notifier.enabled && (
          <Badge color="gray" variant="light" size="sm" ml={4}>
            disabled
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <ActionIcon
            variant="subtle"
            aria-label={`Send a test notification to ${notifier.name}`}
            onClick={runTest}
            loading={test.isPending}
          >
            <IconSend size={16} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Remove ${notifier.name}`}
            onClick={() => remove.mutate({ id: notifier.id })}
            loading={remove.isPending}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
