import { Alert, Anchor, Group, Skeleton, Stack, TextInput } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import type { Host } from '@shared/schemas/hosts';
import { IconAlertTriangle, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useContainers } from '../../api/containers';
import { useConnectHost, useHostStatus } from '../../api/hosts';
import { errorMessage } from '../../api/query-client';
import { PageHeader } from '../../components/PageHeader';
import { useEverOpened } from '../../components/use-ever-opened';
import { stateLook } from '../hosts/host-state';
import { HostStateBadge } from '../hosts/HostStateBadge';
import { ContainerGroups } from './list/ContainerGroups';
import { LogViewerDrawer } from './logs/LogViewerDrawer';
import { hostEndpoint } from '../hosts/host-endpoint';

export function HostContainers({ host }: { host: Host }) {
  const status = useHostStatus(host.id);
  const connected = status?.state === 'connected';
  const { data: containers, error, isPending } = useContainers(host.id, connected);
  const [filter, setFilter] = useState('');
  const connect = useConnectHost();
  const [logsOf, setLogsOf] = useState<Container | null>(null);
  // Mounted once a log is asked for: a switch to another host should draw its list, not a closed drawer.
  const logsMounted = useEverOpened(logsOf !== null);
  const shown = filterContainers(containers ?? [], filter);

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            Containers on {host.name}
            <HostStateBadge status={status} />
          </Group>
        }
        description={hostEndpoint(host)}
        actions={
          <TextInput
            aria-label="Filter containers"
            placeholder="Filter by name, image or project"
            leftSection={<IconSearch size={16} />}
            value={filter}
            onChange={(event) => setFilter(event.currentTarget.value)}
            w={280}
          />
        }
      />
      <Stack gap="md">
        {!connected && (
          <Alert
            color={stateLook(status?.state).color}
            variant="light"
            icon={<IconAlertTriangle size={18} />}
          >
            {status?.reason || 'This host is not connected.'}{' '}
            {status?.state === 'disconnected' ? (
              <Anchor component="button" size="sm" onClick={() => connect.mutate({ hostId: host.id })}>
                Connect
              </Anchor>
            ) : (
              <Anchor component={Link} to={`/hosts/${encodeURIComponent(host.id)}`} size="sm">
                Open host
              </Anchor>
            )}
            {containers && ' — the list below may be out of date.'}
          </Alert>
        )}
        {error && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Containers could not be listed">
            {errorMessage(error)}
          </Alert>
        )}
        {connected && isPending && <Skeleton h={160} radius="md" />}
        {containers && <ContainerGroups containers={shown} filtered={filter !== ''} onShowLogs={setLogsOf} />}
      </Stack>
      {logsMounted && <LogViewerDrawer container={logsOf} onClose={() => setLogsOf(null)} />}
    </>
  );
}

function filterContainers(containers: readonly Container[], filter: string): Container[] {
  const needle = filter.trim().toLowerCase();
  if (!needle) return [...containers];
  return containers.filter((container) =>
    [container.name, container.image, container.composeProject ?? '', container.composeService ?? ''].some(
      (text) => text.toLowerCase().includes(needle),
    ),
  );
}
