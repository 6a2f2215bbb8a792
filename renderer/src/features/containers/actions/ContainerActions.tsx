import type { Container } from '@shared/schemas/containers';
import { IconFileText, IconPlayerPlay, IconPlayerStop, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import table from '../../../components/LightTable.module.css';
import { RowIconButton } from '../../../components/RowIconButton';
import { RowTip } from '../../../components/RowTip';
import { ContainerDeployMenu } from '../deploy/ContainerDeployMenu';
import { ConfirmActionModal } from './ConfirmActionModal';
import { ContainerMoreMenu } from './ContainerMoreMenu';
import { RemoveContainerModal } from './RemoveContainerModal';
import { useContainerActions } from './use-container-actions';

type Pending = 'stop' | 'restart' | 'remove' | null;

/**
 * Start runs at once; stop, restart and remove ask first. Each button shows progress while its call runs.
 * Deploys (another tag, the same again, back to the one before) start from their own menu.
 */
export function ContainerActions({ container, onShowLogs }: { container: Container; onShowLogs(): void }) {
  const actions = useContainerActions(container);
  const [confirming, setConfirming] = useState<Pending>(null);
  const running =
    container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
  const name = container.name;
  const close = () => setConfirming(null);

  return (
    <div className={table.actions}>
      <Action label={`Logs of ${name}`} tip="Logs" onClick={onShowLogs} icon={<IconFileText size={16} />} />
      <ContainerDeployMenu container={container} />
      {running ? (
        <Action
          label={`Stop ${name}`}
          tip="Stop"
          onClick={() => setConfirming('stop')}
          loading={actions.stop.isPending}
          icon={<IconPlayerStop size={16} />}
        />
      ) : (
        <Action
          label={`Start ${name}`}
          tip="Start"
          onClick={() => actions.start.mutate({ hostId: container.hostId, containerId: container.id })}
          loading={actions.start.isPending}
          icon={<IconPlayerPlay size={16} />}
          color="teal"
        />
      )}
      <Action
        label={`Restart ${name}`}
        tip="Restart"
        onClick={() => setConfirming('restart')}
        loading={actions.restart.isPending}
        icon={<IconRefresh size={16} />}
      />
      <Action
        label={`Remove ${name}`}
        tip="Remove"
        onClick={() => setConfirming('remove')}
        loading={actions.remove.isPending}
        icon={<IconTrash size={16} />}
        color="red"
      />
      <ContainerMoreMenu container={container} />
      <ConfirmActionModal
        opened={confirming === 'stop'}
        onClose={close}
        title={`Stop ${name}?`}
        body="Docker sends SIGTERM, then SIGKILL if the container does not stop in time."
        confirmLabel="Stop"
        onConfirm={() => {
          close();
          actions.stop.mutate({ hostId: container.hostId, containerId: container.id });
        }}
      />
      <ConfirmActionModal
        opened={confirming === 'restart'}
        onClose={close}
        title={`Restart ${name}?`}
        body="The container stops and starts again; it is unavailable for a moment."
        confirmLabel="Restart"
        onConfirm={() => {
          close();
          actions.restart.mutate({ hostId: container.hostId, containerId: container.id });
        }}
      />
      <RemoveContainerModal
        opened={confirming === 'remove'}
        onClose={close}
        container={container}
        running={running}
        onConfirm={(options) => {
          close();
          actions.remove.mutate({ hostId: container.hostId, containerId: container.id, ...options });
        }}
      />
    </div>
  );
}

interface ActionProps {
  label: string;
  tip: string;
  icon: React.ReactNode;
  onClick(): void;
  loading?: boolean;
  color?: string;
}

function Action({ label, tip, icon, onClick, loading, color = 'gray' }: ActionProps) {
  return (
    <RowTip label={tip}>
      <RowIconButton label={label} icon={icon} color={color} loading={loading} onClick={onClick} />
    </RowTip>
  );
}
