import { notifications } from '@mantine/notifications';
import type { Stage, Workload } from '@shared/schemas/workloads';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { notifyError } from '../../../api/query-client';
import { useDeployWorkload } from '../../../api/workloads';
import { ConfirmActionModal } from '../../containers/actions/ConfirmActionModal';

/**
 * Deploying a tag to a stage: a stage that asks first (confirm) or promotes from another one gets a
 * confirmation dialog and is sent `confirmed: true`; afterwards the workload's page shows the progress.
 */
export function useStageDeploy(workload: Pick<Workload, 'id' | 'name'>) {
  const deploy = useDeployWorkload();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [asking, setAsking] = useState<{ stage: Stage; tag: string } | null>(null);
  const detailPath = `/workloads/${workload.id}`;

  const run = (stage: Stage, tag: string, confirmed: boolean) => {
    setAsking(null);
    deploy.mutate(
      { id: workload.id, stage: stage.name, tag, confirmed },
      {
        onSuccess: () => {
          notifications.show({
            color: 'blue',
            title: `Deploying ${workload.name} ${stage.name}`,
            message: `${tag} starts beside the live instance; traffic switches once it is healthy.`,
          });
          if (pathname !== detailPath) void navigate(detailPath);
        },
        onError: notifyError,
      },
    );
  };
  const request = (stage: Stage, tag: string) => {
    if (stage.confirm || stage.promoteFrom) setAsking({ stage, tag });
    else run(stage, tag, false);
  };
  const dialog = (
    <ConfirmActionModal
      opened={asking !== null}
      onClose={() => setAsking(null)}
      title={`Deploy ${asking?.tag ?? ''} to ${asking?.stage.name ?? ''}?`}
      body={
        asking?.stage.promoteFrom
          ? `Promotes ${asking.tag} from ${asking.stage.promoteFrom} to ${asking.stage.name} of ${workload.name}: it starts beside the live instance and takes the traffic once healthy.`
          : `${workload.name} ${asking?.stage.name ?? ''} asks before each deploy: ${asking?.tag ?? ''} starts beside the live instance and takes the traffic once healthy.`
      }
      confirmLabel="Deploy"
      onConfirm={() => asking && run(asking.stage, asking.tag, true)}
    />
  );
  return {
    request,
    dialog,
    /** The stage and tag being sent now, for a loading button. */
    pending: deploy.isPending ? deploy.variables : null,
  };
}
