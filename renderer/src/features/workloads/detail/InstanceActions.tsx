import { ActionIcon, Menu } from '@mantine/core';
import {
  IconDots,
  IconFileText,
  IconPlayerPlay,
  IconPlayerStop,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import type { WorkloadInstance, WorkloadView } from '@shared/schemas/workloads';
import { useState } from 'react';
import { Link } from 'react-router';
import { useInstanceAction } from '../../../api/workloads';
import { ConfirmActionModal } from '../../containers/actions/ConfirmActionModal';

/** Start, stop, restart, remove (after a confirmation) one instance; its logs on the container's page. */
export function InstanceActions({
  workload,
  instance,
}: {
  workload: WorkloadView;
  instance: WorkloadInstance;
}) {
  const action = useInstanceAction();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const name = instance.containerName;
  const run = (kind: 'start' | 'stop' | 'restart' | 'remove') =>
    action.mutate({ id: workload.id, containerName: name, action: kind });
  const running = instance.state === 'running';
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label={`Actions for ${name}`} loading={action.isPending}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown aria-label={`Actions for ${name}`}>
          <Menu.Item
            leftSection={<IconPlayerPlay size={14} />}
            disabled={running}
            onClick={() => run('start')}
          >
            Start
          </Menu.Item>
          <Menu.Item
            leftSection={<IconPlayerStop size={14} />}
            disabled={!running}
            onClick={() => run('stop')}
          >
            Stop
          </Menu.Item>
          <Menu.Item leftSection={<IconRefresh size={14} />} onClick={() => run('restart')}>
            Restart
          </Menu.Item>
          <Menu.Item
            leftSection={<IconFileText size={14} />}
            component={Link}
            to={`/hosts/${workload.hostId}/containers/${encodeURIComponent(name)}`}
          >
            Logs and details
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setConfirmRemove(true)}>
            Remove…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ConfirmActionModal
        opened={confirmRemove}
        onClose={() => setConfirmRemove(false)}
        title={`Remove ${name}?`}
        body={
          instance.live
            ? `${name} is the live instance of ${instance.stage}: removing it takes the stage offline until the next deploy.`
            : `Removes the container ${name} (${instance.tag}) from the host. Its named volumes stay.`
        }
        confirmLabel="Remove"
        onConfirm={() => {
          setConfirmRemove(false);
          run('remove');
        }}
      />
    </>
  );
}
