import { Button, EmptyState, Paper } from '@mantine/core';
import type { Host } from '@shared/schemas/hosts';
import { IconBoxOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { hostEndpoint } from '../hosts/host-endpoint';

/** The containers page of an SSH-only host: nothing to list, and why. */
export function SshOnlyEmptyState({ host }: { host: Host }) {
  return (
    <>
      <PageHeader title={`Containers on ${host.name}`} description={hostEndpoint(host)} />
      <Paper withBorder p="xl">
        <EmptyState
          icon={<IconBoxOff size={32} />}
          withIndicatorBackground
          title="No Docker engine on this host"
          description={`${host.name} is saved as SSH only (a jump host), so it has no containers. Pick another host in the sidebar.`}
        >
          <EmptyState.Actions>
            <Button component={Link} to={`/hosts/${encodeURIComponent(host.id)}`} variant="light">
              Open host
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    </>
  );
}
