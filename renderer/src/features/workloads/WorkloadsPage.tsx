import { Alert, Button, EmptyState, Group, Loader, Stack } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBolt,
  IconFileExport,
  IconFileImport,
  IconPlus,
  IconStack2,
} from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useHosts } from '../../api/hosts';
import { errorMessage } from '../../api/query-client';
import { useWorkloadEventSync, useWorkloads } from '../../api/workloads';
import { PageHeader } from '../../components/PageHeader';
import { WorkloadFormModal } from './editor/WorkloadFormModal';
import { CheckNowButton } from './list/CheckNowButton';
import { WorkloadCard } from './list/WorkloadCard';
import { QuickDeployModal } from './quick-deploy/QuickDeployModal';
import { ExportYamlModal } from './yaml/ExportYamlModal';
import { ImportYamlModal } from './yaml/ImportYamlModal';

type Open = 'new' | 'quick' | 'import' | 'export' | null;

/** Applications Tidewatch deploys itself: each stage's instances, waiting tags, and ways to add more. */
export function WorkloadsPage() {
  useWorkloadEventSync();
  const { data: workloads, error, isPending } = useWorkloads();
  const { data: hosts = [] } = useHosts();
  const hostNames = useMemo(() => new Map(hosts.map((host) => [host.id, host.name])), [hosts]);
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  return (
    <>
      <PageHeader
        title="Workloads"
        description="Applications deployed blue-green per stage, behind each host's reverse proxy."
      />
      <Group mb="md" gap="xs" role="toolbar" aria-label="Workload actions">
        <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen('new')}>
          New workload
        </Button>
        <Button variant="light" leftSection={<IconBolt size={16} />} onClick={() => setOpen('quick')}>
          Quick deploy
        </Button>
        <CheckNowButton />
        <Button
          variant="default"
          leftSection={<IconFileImport size={16} />}
          onClick={() => setOpen('import')}
        >
          Import config
        </Button>
        <Button
          variant="default"
          leftSection={<IconFileExport size={16} />}
          onClick={() => setOpen('export')}
        >
          Export config
        </Button>
      </Group>
      {isPending && <Loader aria-label="Loading workloads" />}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Workloads could not be loaded">
          {errorMessage(error)}
        </Alert>
      )}
      {workloads && workloads.length === 0 && (
        <EmptyState
          py="xl"
          icon={<IconStack2 size={32} />}
          withIndicatorBackground
          title="No workloads yet"
          description="A workload is an application Tidewatch deploys itself: stages (dev, prod…) follow the tags of its image, each new version starts beside the live one and takes the traffic once healthy. Start with Quick deploy and an image reference."
        />
      )}
      {workloads && workloads.length > 0 && (
        <Stack gap="md" aria-label="Workloads" role="list">
          {workloads.map((workload) => (
            <div role="listitem" key={workload.id}>
              <WorkloadCard
                workload={workload}
                hostName={hostNames.get(workload.hostId) ?? workload.hostId}
              />
            </div>
          ))}
        </Stack>
      )}
      <WorkloadFormModal opened={open === 'new'} onClose={close} />
      <QuickDeployModal opened={open === 'quick'} onClose={close} />
      <ImportYamlModal opened={open === 'import'} onClose={close} />
      <ExportYamlModal opened={open === 'export'} onClose={close} />
    </>
  );
}
