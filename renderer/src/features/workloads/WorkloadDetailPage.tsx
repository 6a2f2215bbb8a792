import { Alert, Anchor, Breadcrumbs, Button, Code, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPencil, IconPlugConnectedX, IconTrash } from '@tabler/icons-react';
import type { Stage } from '@shared/schemas/workloads';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useHost } from '../../api/hosts';
import { errorMessage } from '../../api/query-client';
import { useWorkload, useWorkloadEventSync, useWorkloadHistory } from '../../api/workloads';
import { PageHeader } from '../../components/PageHeader';
import { DeployVersionModal } from './detail/DeployVersionModal';
import { InstanceActions } from './detail/InstanceActions';
import { RemoveWorkloadModal } from './detail/RemoveWorkloadModal';
import { StagePanel } from './detail/StagePanel';
import { useStageDeploy } from './detail/use-stage-deploy';
import { WorkloadDeploys } from './detail/WorkloadDeploys';
import { WorkloadFormModal } from './editor/WorkloadFormModal';
import { InstanceTable } from './list/InstanceTable';
import { orphanInstances } from './workload-format';

/** One workload, deep-linkable as /workloads/:id: its stages, instances, deploys in progress and history. */
export function WorkloadDetailPage() {
  useWorkloadEventSync();
  const params = useParams();
  const id = Number(params.id);
  const { data: workload, error, isPending } = useWorkload(Number.isInteger(id) ? id : 0);
  const history = useWorkloadHistory(Number.isInteger(id) ? id : 0);
  const { host } = useHost(workload?.hostId);
  const deploy = useStageDeploy({ id, name: workload?.name ?? '' });
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [picking, setPicking] = useState<Stage | null>(null);
  const navigate = useNavigate();
  const crumbs = (
    <Breadcrumbs mb="xs">
      <Anchor component={Link} to="/workloads" size="sm">
        Workloads
      </Anchor>
      <Text size="sm">{workload?.name ?? params.id}</Text>
    </Breadcrumbs>
  );
  if (!workload)
    return (
      <>
        {crumbs}
        {isPending && Number.isInteger(id) && <Loader aria-label="Loading the workload" />}
        {(error || !Number.isInteger(id)) && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Workload not available">
            {error ? errorMessage(error) : 'No workload has this address.'}
          </Alert>
        )}
      </>
    );
  const hostName = host?.name ?? workload.hostId;
  const orphans = orphanInstances(workload);
  return (
    <>
      {crumbs}
      <PageHeader
        title={workload.name}
        description={
          <>
            on {hostName} · <Code>{workload.image}</Code> · port {workload.port}
          </>
        }
        actions={
          <>
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setRemoving(true)}
            >
              Delete…
            </Button>
          </>
        }
      />
      <Stack gap="md">
        {!workload.reachable && (
          <Alert color="orange" icon={<IconPlugConnectedX size={18} />} title="Host not reachable">
            {workload.unreachableReason ?? 'The host cannot be asked now.'}
          </Alert>
        )}
        {workload.stages.map((stage) => (
          <StagePanel
            key={stage.id}
            workload={workload}
            stage={stage}
            onPickVersion={() => setPicking(stage)}
            onDeploy={deploy.request}
            deploying={deploy.pending?.stage === stage.name}
          />
        ))}
        {orphans.length > 0 && (
          <Paper withBorder p="md" role="region" aria-label="Other instances">
            <Title order={4} mb="xs">
              Instances of stages no longer configured
            </Title>
            <InstanceTable
              instances={orphans}
              label={`Other instances of ${workload.name}`}
              actions={(instance) => <InstanceActions workload={workload} instance={instance} />}
            />
          </Paper>
        )}
        <WorkloadDeploys
          workload={workload}
          hostName={hostName}
          history={history.data}
          error={history.error}
        />
      </Stack>
      <DeployVersionModal
        workload={workload}
        stage={picking}
        onClose={() => setPicking(null)}
        onChoose={(stage, tag) => {
          setPicking(null);
          deploy.request(stage, tag);
        }}
      />
      {deploy.dialog}
      <WorkloadFormModal workload={workload} opened={editing} onClose={() => setEditing(false)} />
      <RemoveWorkloadModal
        workload={workload}
        opened={removing}
        onClose={() => setRemoving(false)}
        onRemoved={() => void navigate('/workloads')}
      />
    </>
  );
}
