import { ActionIcon, Group, Menu, Tooltip } from '@mantine/core';
import {
  IconArrowBackUp,
  IconClockPause,
  IconEyeOff,
  IconExternalLink,
  IconFolder,
} from '@tabler/icons-react';
import type { Group as UpdateGroup, UpdateEntry } from '@shared/schemas/updates';
import {
  useAssignGroup,
  useIgnoreUpdateVersion,
  useRestoreUpdates,
  useSnoozeUpdates,
  useUnacknowledgeUpdates,
} from '../../api/updates';
import { AutoUpdateButton } from './AutoUpdateButton';
import { UpdateNowButton } from './UpdateNowButton';
import { SNOOZES, useUndoNotice } from './use-update-entries';

interface Props {
  entry: UpdateEntry;
  groups: readonly UpdateGroup[];
  /** A narrow window: the actions may take two lines. */
  narrow?: boolean;
}

/** Per-row actions: update now, snooze, ignore this version, open the registry page, put the image in a group. */
export function UpdateRowActions({ entry, groups, narrow = false }: Props) {
  const snooze = useSnoozeUpdates();
  const ignore = useIgnoreUpdateVersion();
  const assign = useAssignGroup();
  const unacknowledge = useUnacknowledgeUpdates();
  const restore = useRestoreUpdates();
  const undoNotice = useUndoNotice();
  const who = entry.containerName;
  const withUndo = (title: string) => undoNotice(title, [entry.id]);
  return (
    // One line in a wide window. In a narrow one they wrap onto a second line rather than push the table
    // wider than the page, four to a line (28 px each, 4 px apart) so a squeezed table does not stack them.
    <Group
      gap={4}
      justify="flex-end"
      wrap={narrow ? 'wrap' : 'nowrap'}
      miw={narrow ? 4 * 28 + 3 * 4 : undefined}
    >
      <UpdateNowButton entry={entry} />
      <AutoUpdateButton hostId={entry.hostId} containerName={entry.containerName} />
      {entry.status === 'acknowledged' && (
        <Tooltip label="Mark as new again" withArrow openDelay={300}>
          <ActionIcon
            variant="subtle"
            aria-label={`Un-acknowledge ${who}`}
            onClick={() => unacknowledge.mutate({ ids: [entry.id] })}
          >
            <IconArrowBackUp size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      {(entry.status === 'snoozed' || entry.status === 'ignored') && (
        <Tooltip label="Back to new" withArrow openDelay={300}>
          <ActionIcon
            variant="subtle"
            aria-label={`Restore ${who}`}
            onClick={() => restore.mutate({ ids: [entry.id] })}
          >
            <IconArrowBackUp size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label="Snooze" withArrow openDelay={300}>
            <ActionIcon variant="subtle" aria-label={`Snooze ${who}`}>
              <IconClockPause size={16} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown aria-label="Snooze">
          <Menu.Label>Snooze</Menu.Label>
          {SNOOZES.map(([duration, label]) => (
            <Menu.Item
              key={duration}
              onClick={() =>
                snooze.mutate(
                  { ids: [entry.id], duration },
                  { onSuccess: withUndo(`${who} snoozed for ${label}`) },
                )
              }
            >
              {label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Tooltip label="Ignore this version" withArrow openDelay={300}>
        <ActionIcon
          variant="subtle"
          aria-label={`Ignore this version for ${who}`}
          disabled={entry.status === 'ignored'}
          onClick={() =>
            ignore.mutate({ ids: [entry.id] }, { onSuccess: withUndo(`${who}: this version is ignored`) })
          }
        >
          <IconEyeOff size={16} />
        </ActionIcon>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label="Group" withArrow openDelay={300}>
            <ActionIcon variant="subtle" aria-label={`Group for ${who}`}>
              <IconFolder size={16} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Group</Menu.Label>
          {groups.map((group) => (
            <Menu.Item
              key={group.id}
              disabled={group.id === entry.groupId}
              onClick={() => assign.mutate({ groupId: group.id, images: [entry.image] })}
            >
              {group.name}
            </Menu.Item>
          ))}
          {groups.length === 0 && <Menu.Item disabled>Create a group first</Menu.Item>}
          {entry.groupId !== null && (
            <Menu.Item color="red" onClick={() => assign.mutate({ groupId: null, images: [entry.image] })}>
              No group
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Tooltip label="Registry page" withArrow openDelay={300}>
        <ActionIcon
          component="a"
          href={entry.registryLink}
          target="_blank"
          rel="noopener noreferrer"
          variant="subtle"
          aria-label={`Registry page for ${entry.repository}`}
        >
          <IconExternalLink size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
