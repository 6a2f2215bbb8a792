import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useCheckWorkloads } from '../../../api/workloads';

/** Asks every stage's registry for new tags now, and says what came of it. */
export function CheckNowButton() {
  const check = useCheckWorkloads();
  const run = () =>
    check.mutate(undefined, {
      onSuccess: (results) => {
        const deployed = results.filter((result) => result.action === 'deployed').length;
        const pending = results.filter((result) => result.action === 'pending').length;
        const busy = results.filter((result) => result.action === 'busy').length;
        const parts = [
          deployed > 0 ? `${deployed} deploying` : null,
          pending > 0 ? `${pending} ready to deploy` : null,
          busy > 0 ? `${busy} busy with a deploy` : null,
        ].filter((part) => part !== null);
        notifications.show({
          color: parts.length > 0 ? 'blue' : 'gray',
          title: 'Tags checked',
          message: parts.length > 0 ? `New tags: ${parts.join(', ')}.` : 'No new tags.',
        });
      },
    });
  return (
    <Button variant="default" leftSection={<IconRefresh size={16} />} loading={check.isPending} onClick={run}>
      Check for new tags
    </Button>
  );
}
