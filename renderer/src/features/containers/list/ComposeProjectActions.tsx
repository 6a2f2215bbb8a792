import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ComposeAction } from '@shared/schemas/compose';
import { IconPlayerPlay, IconPlayerStop, IconRefresh } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useComposeAction } from '../../../api/containers';
import { ConfirmActionModal } from '../actions/ConfirmActionModal';
import { composeResultNotice } from './compose-project';

interface Props {
  hostId: string;
  project: string;
  containers: number;
}

const CONFIRM: Record<Exclude<ComposeAction, 'start'>, string> = {
  stop: 'Dependents stop first, then what they depend on. Docker sends SIGTERM, then SIGKILL if a container does not stop in time.',
  restart: 'Dependencies restart first; every container is unavailable for a moment.',
};

/** Start runs at once; stop and restart ask first. The outcome names every container that did not follow. */
export function ComposeProjectActions({ hostId, project, containers }: Props) {
  const action = useComposeAction(hostId);
  const [confirming, setConfirming] = useState<Exclude<ComposeAction, 'start'> | null>(null);
  const run = (verb: ComposeAction) => {
    setConfirming(null);
    action.mutate(
      { hostId, project, action: verb },
      {
        onSuccess: (result) => {
          const notice = composeResultNotice(result);
          notifications.show({
            color: notice.ok ? 'teal' : 'red',
            title: notice.title,
            message: notice.message,
            style: { whiteSpace: 'pre-line' },
          });
        },
      },
    );
  };
  const busy = action.isPending ? action.variables.action : null;
  const button = (verb: ComposeAction, label: string, icon: ReactNode, onClick: () => void) => (
    <Button
      size="compact-xs"
      variant="light"
      color={verb === 'start' ? 'teal' : undefined}
      leftSection={icon}
      aria-label={`${label} project ${project}`}
      loading={busy === verb}
      disabled={busy !== null && busy !== verb}
      onClick={onClick}
    >
      {label}
    </Button>
  );
  return (
    <Group gap={4} wrap="nowrap">
      {button('start', 'Start', <IconPlayerPlay size={14} />, () => run('start'))}
      {button('stop', 'Stop', <IconPlayerStop size={14} />, () => setConfirming('stop'))}
      {button('restart', 'Restart', <IconRefresh size={14} />, () => setConfirming('restart'))}
      <ConfirmActionModal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={`${confirming === 'stop' ? 'Stop' : 'Restart'} project ${project} (${containers} container${containers === 1 ? '' : 's'})?`}
        body={confirming ? CONFIRM[confirming] : ''}
        confirmLabel={confirming === 'stop' ? 'Stop' : 'Restart'}
        onConfirm={() => confirming && run(confirming)}
      />
    </Group>
  );
}
