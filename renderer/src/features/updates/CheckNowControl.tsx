import { ActionIcon, Button, Group, Menu, Progress, Text } from '@mantine/core';
import { IconChevronDown, IconRefresh, IconX } from '@tabler/icons-react';
import type { Host } from '@shared/schemas/hosts';
import { useCancelCheck, useCheckNow, useCheckProgress } from '../../api/updates';

/** "Check now" for all hosts (or one, from the menu); while a check runs, its progress and a Cancel button. */
export function CheckNowControl({ hosts }: { hosts: readonly Host[] }) {
  const checkNow = useCheckNow();
  const cancel = useCancelCheck();
  const progress = useCheckProgress();

  if (progress) {
    const percent = progress.total === 0 ? 0 : Math.round((progress.done / progress.total) * 100);
    return (
      <Group gap="xs" wrap="nowrap" miw={260}>
        <Progress
          value={percent}
          animated
          w={140}
          aria-label="Check progress"
          role="progressbar"
          aria-valuenow={percent}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {progress.done}/{progress.total}
        </Text>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconX size={14} />}
          loading={cancel.isPending}
          onClick={() => cancel.mutate({ runId: progress.runId })}
        >
          Cancel
        </Button>
      </Group>
    );
  }

  return (
    <Group gap={0} wrap="nowrap">
      <Button
        leftSection={<IconRefresh size={16} />}
        loading={checkNow.isPending}
        onClick={() => checkNow.mutate({})}
        style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
      >
        Check now
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            size={36}
            aria-label="Check one host"
            disabled={hosts.length === 0}
            style={{
              borderTopLeftRadius: 0,
              borderBottomLeftRadius: 0,
              borderLeft: '1px solid rgba(255,255,255,.3)',
            }}
          >
            <IconChevronDown size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Check one host</Menu.Label>
          {hosts.map((host) => (
            <Menu.Item key={host.id} onClick={() => checkNow.mutate({ hostId: host.id })}>
              {host.name}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
