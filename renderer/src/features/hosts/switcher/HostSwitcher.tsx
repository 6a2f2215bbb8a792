import { ActionIcon, Group, Skeleton, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure, useWindowEvent } from '@mantine/hooks';
import type { Host } from '@shared/schemas/hosts';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useHosts, useHostStatusMap } from '../../../api/hosts';
import { usePendingUpdateCounts } from '../../../api/updates';
import { useEverOpened } from '../../../components/use-ever-opened';
import { HostFormModal } from '../form/HostFormModal';
import { useSelectedHost } from '../selected-host';
import { FILTER_FROM, filterHosts } from './filter-hosts';
import { groupHosts } from './group-hosts';
import { HostSwitcherEmpty } from './HostSwitcherEmpty';
import { HostSwitcherItem } from './HostSwitcherItem';

/** The navbar's host list: pick the host the Containers page shows, see every host's state at a glance. */
export function HostSwitcher({ onNavigate }: { onNavigate(): void }) {
  const { data: hosts, isPending } = useHosts();
  const statuses = useHostStatusMap();
  const pendingUpdates = usePendingUpdateCounts();
  const { hostId: selectedId, select } = useSelectedHost();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [addOpened, addModal] = useDisclosure(false);
  // The form is mounted once asked for: the sidebar redraws on every host switch.
  const addMounted = useEverOpened(addOpened);
  const [filter, setFilter] = useState('');
  const filtering = (hosts?.length ?? 0) >= FILTER_FROM;
  const shown = hosts && filtering ? filterHosts(hosts, filter) : hosts;

  const open = (host: Host) => {
    select(host.id);
    // On the Containers page, switching hosts stays there; elsewhere the host's own page opens.
    if (!pathname.startsWith('/containers')) void navigate(`/hosts/${encodeURIComponent(host.id)}`);
    onNavigate();
  };
  // The items get one function for good (it reads the latest `open`), so they skip redrawing on a switch.
  const latestOpen = useRef(open);
  useLayoutEffect(() => {
    latestOpen.current = open;
  });
  const selectHost = useCallback((host: Host) => latestOpen.current(host), []);
  const ordered = shown ? groupHosts(shown).flatMap((group) => group.hosts) : [];
  useHostShortcuts(ordered, open);
  const added = (host: Host) => {
    select(host.id);
    void navigate(`/hosts/${encodeURIComponent(host.id)}`);
    onNavigate();
  };

  return (
    <Stack gap={4} role="region" aria-label="Host switcher">
      <Group justify="space-between" px={4}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          Hosts
        </Text>
        <Tooltip label="Add host" withArrow>
          <ActionIcon variant="subtle" color="gray" size="sm" onClick={addModal.open} aria-label="Add host">
            <IconPlus size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {isPending && <Skeleton h={36} radius="md" />}
      {hosts?.length === 0 && <HostSwitcherEmpty onAdd={addModal.open} />}
      {filtering && (
        <TextInput
          size="xs"
          aria-label="Filter hosts"
          placeholder="Filter hosts"
          leftSection={<IconSearch size={14} />}
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
      )}
      {filtering && shown?.length === 0 && (
        <Text size="xs" c="dimmed" px={4}>
          No host matches.
        </Text>
      )}
      {shown &&
        groupHosts(shown).map(({ group, hosts: members }) => (
          <Stack key={group ?? ''} gap={2}>
            {group && (
              <Text size="xs" c="dimmed" px={4} mt={6}>
                {group}
              </Text>
            )}
            {members.map((host) => (
              <HostSwitcherItem
                key={host.id}
                host={host}
                status={statuses.get(host.id)}
                active={host.id === selectedId}
                pendingUpdates={pendingUpdates.get(host.id) ?? 0}
                onSelect={selectHost}
                shortcut={shortcutOf(ordered.indexOf(host))}
              />
            ))}
          </Stack>
        ))}
      {addMounted && <HostFormModal opened={addOpened} onClose={addModal.close} onSaved={added} />}
    </Stack>
  );
}

const SHORTCUT_HOSTS = 9;

function shortcutOf(index: number): string | undefined {
  return index >= 0 && index < SHORTCUT_HOSTS ? `Alt+${index + 1}` : undefined;
}

/** Alt+1 … Alt+9 switch to the first nine hosts as the list shows them (by key position, any layout). */
function useHostShortcuts(hosts: readonly Host[], open: (host: Host) => void): void {
  useWindowEvent('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
    const host = digit ? hosts[Number(digit) - 1] : undefined;
    if (!host) return;
    event.preventDefault();
    open(host);
  });
}
