import { ActionIcon, Group, Menu, Tooltip } from '@mantine/core';
import { IconClockPause, IconEyeOff, IconRocket } from '@tabler/icons-react';
import { useState } from 'react';
import { useIgnoreUpdateVersion, useSnoozeUpdates } from '../../api/updates';
import { ConfirmActionModal } from '../containers/actions/ConfirmActionModal';
import { groupSummary, type UpdateGroupRow } from './update-groups';
import { SNOOZES, useUndoNotice, useUpdateEntries } from './use-update-entries';

/** What a group offers for all its rows at once: update them all to the tag, snooze them, ignore the tag. */
export function UpdateGroupActions({ group }: { group: UpdateGroupRow }) {
  const update = useUpdateEntries();
  const snooze = useSnoozeUpdates();
  const ignore = useIgnoreUpdateVersion();
  const undoNotice = useUndoNotice();
  const ids = group.entries.map((entry) => entry.id);
  const count = `${ids.length} container${ids.length === 1 ? '' : 's'}`;
  const allIgnored = group.entries.every((entry) => entry.status === 'ignored');
  // One click could replace dozens of containers on many hosts: say how many first.
  const [confirming, setConfirming] = useState(false);
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Tooltip label="Update all" withArrow openDelay={300}>
        <ActionIcon
          variant="light"
          loading={update.isPending}
          aria-label={`Update all of ${group.label}`}
          onClick={() => setConfirming(true)}
        >
          <IconRocket size={16} />
        </ActionIcon>
      </Tooltip>
      <ConfirmActionModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Update ${groupSummary(group)} to ${group.availableTag}?`}
        body="One after another on each host, a few hosts at once, each behind its health check; a container that fails it goes back to its old version."
        confirmLabel="Update all"
        onConfirm={() => {
          setConfirming(false);
          update.run(group.entries);
        }}
      />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label="Snooze all" withArrow openDelay={300}>
            <ActionIcon variant="subtle" aria-label={`Snooze all of ${group.label}`}>
              <IconClockPause size={16} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown aria-label="Snooze">
          <Menu.Label>Snooze {count}</Menu.Label>
          {SNOOZES.map(([duration, label]) => (
            <Menu.Item
              key={duration}
              onClick={() =>
                snooze.mutate(
                  { ids, duration },
                  { onSuccess: undoNotice(`${group.label}: ${count} snoozed for ${label}`, ids) },
                )
              }
            >
              {label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Tooltip label="Ignore this version everywhere" withArrow openDelay={300}>
        <ActionIcon
          variant="subtle"
          aria-label={`Ignore ${group.label} for all`}
          disabled={allIgnored}
          onClick={() =>
            ignore.mutate({ ids }, { onSuccess: undoNotice(`${group.label}: ignored for ${count}`, ids) })
          }
        >
          <IconEyeOff size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
