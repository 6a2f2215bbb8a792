import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';
import type { UpdateEntry } from '@shared/schemas/updates';
import { useStartDeploys } from '../../api/deploys';
import { useRestoreUpdates } from '../../api/updates';

/** The snooze lengths the inbox offers, for one row or a whole group. */
export const SNOOZES: ReadonlyArray<[string, string]> = [
  ['1h', '1 hour'],
  ['12h', '12 hours'],
  ['1d', '1 day'],
  ['1w', '1 week'],
  ['4w', '4 weeks'],
];

/**
 * Updates several containers to their offered version: one after another on each host, a few hosts at
 * once, each behind its health check. Entries that cannot start are named with the reason.
 */
export function useUpdateEntries() {
  const start = useStartDeploys();
  const navigate = useNavigate();
  const run = (entries: readonly UpdateEntry[]) =>
    start.mutate(
      {
        items: entries.map((entry) => ({
          hostId: entry.hostId,
          containerName: entry.containerName,
          tag: entry.availableTag,
        })),
      },
      {
        onSuccess: ({ deploys, refused }) => {
          notifications.show({
            color: refused.length > 0 ? 'yellow' : 'blue',
            title: `Updating ${deploys.length} container${deploys.length === 1 ? '' : 's'}`,
            message:
              refused.length > 0
                ? `Not started: ${refused.map((item) => `${item.containerName} (${item.message})`).join('; ')}`
                : 'One after another on each host, each behind its health check.',
          });
          if (deploys.length > 0) void navigate('/deployments');
        },
      },
    );
  return { run, isPending: start.isPending };
}

/** Snoozing and ignoring hide rows; the notification offers the way back (restore to new). */
export function useUndoNotice() {
  const restore = useRestoreUpdates();
  return (title: string, ids: readonly number[]) => () =>
    notifications.show({
      title,
      message: (
        <Button size="compact-xs" variant="light" onClick={() => restore.mutate({ ids: [...ids] })}>
          Undo
        </Button>
      ),
    });
}
