import { Button, EmptyState, Paper } from '@mantine/core';
import { IconBox } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useHost, useHosts } from '../../api/hosts';
import { useSelectedHost } from '../hosts/selected-host';
import { groupHosts } from '../hosts/switcher/group-hosts';
import { HostContainers } from './HostContainers';
import { SshOnlyEmptyState } from './SshOnlyEmptyState';

/** The containers of the host picked in the switcher. */
export function ContainersPage() {
  const { hostId, select } = useSelectedHost();
  const { host: selected, isPending } = useHost(hostId);
  const { data: hosts } = useHosts();
  // Nothing picked yet (first start, or the picked host was removed): show the first host in the list.
  const fallback = hosts ? groupHosts(hosts)[0]?.hosts[0] : undefined;
  const host = selected ?? fallback;
  useEffect(() => {
    if (!selected && fallback) select(fallback.id);
  }, [selected, fallback, select]);
  if (isPending) return null;
  if (!host) {
    const none = hosts?.length === 0;
    return (
      <Paper withBorder p="xl">
        <EmptyState
          icon={<IconBox size={32} />}
          withIndicatorBackground
          title={none ? 'No hosts yet' : 'Pick a host'}
          description={
            none
              ? 'Containers are listed per host. Add a host first.'
              : 'Choose a host in the sidebar to see its containers.'
          }
        >
          {none && (
            <EmptyState.Actions>
              <Button component={Link} to="/hosts">
                Add your first host
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      </Paper>
    );
  }
  if (!host.dockerEnabled) return <SshOnlyEmptyState host={host} />;
  // Keyed by host so local state (filter, open logs) never leaks from one host to the next.
  return <HostContainers key={host.id} host={host} />;
}
