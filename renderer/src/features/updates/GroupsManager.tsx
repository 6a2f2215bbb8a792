import { ActionIcon, Button, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { IconFolders, IconTrash } from '@tabler/icons-react';
import type { Group as UpdateGroup } from '@shared/schemas/updates';
import { useState } from 'react';
import { useCreateGroup, useRemoveGroup } from '../../api/updates';

/** Create and remove update groups (assignment is per row). */
export function GroupsManager({ groups }: { groups: readonly UpdateGroup[] }) {
  const [name, setName] = useState('');
  const create = useCreateGroup();
  const remove = useRemoveGroup();
  const submit = () => {
    if (name.trim() === '') return;
    create.mutate({ name }, { onSuccess: () => setName('') });
  };
  return (
    <Popover position="bottom-start" withinPortal shadow="md" width={280}>
      <Popover.Target>
        <Button variant="default" leftSection={<IconFolders size={16} />}>
          Groups
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          {groups.length === 0 && (
            <Text size="sm" c="dimmed">
              No groups yet.
            </Text>
          )}
          {groups.map((group) => (
            <Group key={group.id} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {group.name}{' '}
                <Text span c="dimmed" size="xs">
                  ({group.images} images)
                </Text>
              </Text>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove group ${group.name}`}
                onClick={() => remove.mutate({ id: group.id })}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
          ))}
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput
              label="New group"
              size="xs"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              onKeyDown={(event) => event.key === 'Enter' && submit()}
            />
            <Button size="xs" onClick={submit} loading={create.isPending}>
              Add
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
