import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRocket } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import type { UpdateEntry } from '@shared/schemas/updates';
import { useStartDeploys } from '../../api/deploys';

/**
 * Updates every selected container to its offered version: one after another on each host, a few hosts
 * at once, each behind its health check. Entries that cannot start are named with the reason.
 */
export function UpdateSelectedButton({ entries }: { entries: readonly UpdateEntry[] }) {
  const start = useStartDeploys();
  const navigate = useNavigate();
  const run = () =>
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
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconRocket size={14} />}
      disabled={entries.length === 0}
      loading={start.isPending}
      onClick={run}
    >
      Update selected
    </Button>
  );
}
