import { Alert, Button, EmptyState, Group, Loader, Paper, SegmentedControl, Text } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconRefreshAlert } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useHosts } from '../../api/hosts';
import { errorMessage } from '../../api/query-client';
import { useAcknowledgeUpdates, useUpdateGroups, useUpdatesList, useUpdatesStatus } from '../../api/updates';
import { PageHeader } from '../../components/PageHeader';
import { CheckNowControl } from './CheckNowControl';
import { CheckProblems } from './CheckProblems';
import { CheckStatusSection } from './CheckStatusSection';
import { CompanionUpdatesSection } from './CompanionUpdatesSection';
import { DiunSection } from './DiunSection';
import {
  EMPTY_FILTERS,
  filterUpdates,
  hostFromSearch,
  keepVisibleSelection,
  type UpdateFilters,
} from './update-filters';
import { UpdatesFilterBar } from './UpdatesFilterBar';
import { DEFAULT_UPDATE_SORT, nextSort } from './update-groups';
import { UpdatesTable, type UpdatesView } from './UpdatesTable';
import { UpdateSelectedButton } from './UpdateSelectedButton';

/** The inbox: every update found, filtered; the list refreshes itself on `updates.changed` (event-sync). */
export function UpdatesPage() {
  const [search, setSearch] = useSearchParams();
  const [filters, setFilters] = useState<Omit<UpdateFilters, 'hostId'>>(EMPTY_FILTERS);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const hostList = useHosts().data;
  const hosts = useMemo(() => hostList ?? [], [hostList]);
  const groups = useUpdateGroups().data ?? [];
  const status = useUpdatesStatus().data;
  const list = useUpdatesList();
  const acknowledge = useAcknowledgeUpdates();
  const [sort, setSort] = useState(DEFAULT_UPDATE_SORT);
  // Grouped by pushed tag unless the user chose the flat list; the choice outlives the page.
  const [view, setView] = useLocalStorage<UpdatesView>({
    key: 'tidewatch.updates.view',
    defaultValue: 'grouped',
  });

  const hostId = hostFromSearch(search);
  const allFilters = useMemo(() => ({ ...filters, hostId }), [filters, hostId]);
  const visible = useMemo(() => filterUpdates(list.data ?? [], allFilters), [list.data, allFilters]);
  const selected = keepVisibleSelection(picked, visible);
  const hostNames = useMemo(() => new Map(hosts.map((host) => [host.id, host.name])), [hosts]);

  const changeFilters = ({ hostId, ...rest }: UpdateFilters) => {
    setFilters(rest);
    setSearch(hostId === null ? {} : { host: hostId }, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Updates"
        description="Newer images for the containers on your hosts."
        actions={<CheckNowControl hosts={hosts} />}
      />
      <UpdatesFilterBar filters={allFilters} hosts={hosts} groups={groups} onChange={changeFilters} />
      {list.isPending && <Loader aria-label="Loading updates" />}
      {list.error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Updates could not be loaded">
          {errorMessage(list.error)}
        </Alert>
      )}
      <CheckProblems status={status} hostNames={hostNames} />
      {list.data && visible.length === 0 && (
        <Paper withBorder p="xl">
          <EmptyState
            icon={<IconRefreshAlert size={32} />}
            withIndicatorBackground
            title={
              list.data.length > 0
                ? 'Nothing pending here'
                : status?.lastRun?.outcome === 'failed'
                  ? 'No updates found, because nothing could be checked'
                  : 'No updates yet'
            }
            description={
              list.data.length === 0
                ? 'When Tidewatch finds a newer image for one of your containers, it appears here.'
                : 'No update matches these filters.'
            }
          />
        </Paper>
      )}
      {visible.length > 0 && (
        <Paper withBorder p="sm">
          <Group justify="space-between" mb="xs" px="xs">
            <Text size="sm" c="dimmed">
              {visible.length} update{visible.length === 1 ? '' : 's'}
              {selected.size > 0 && `, ${selected.size} selected`}
            </Text>
            <Group gap="xs">
              <SegmentedControl
                size="xs"
                aria-label="View"
                value={view}
                onChange={(value) => setView(value === 'flat' ? 'flat' : 'grouped')}
                data={[
                  { value: 'grouped', label: 'Grouped by tag' },
                  { value: 'flat', label: 'Flat' },
                ]}
              />
              <UpdateSelectedButton entries={visible.filter((entry) => selected.has(entry.id))} />
              <Button
                size="xs"
                variant="light"
                leftSection={<IconCheck size={14} />}
                disabled={selected.size === 0}
                loading={acknowledge.isPending}
                onClick={() =>
                  acknowledge.mutate({ ids: [...selected] }, { onSuccess: () => setPicked(new Set()) })
                }
              >
                Acknowledge selected
              </Button>
            </Group>
          </Group>
          <UpdatesTable
            entries={visible}
            view={view}
            sort={sort}
            onSort={(key) => setSort(nextSort(sort, key))}
            hostNames={hostNames}
            groups={groups}
            selected={selected}
            onSelect={setPicked}
          />
        </Paper>
      )}
      <CompanionUpdatesSection />
      <DiunSection hostNames={hostNames} />
      <CheckStatusSection status={status} hosts={hosts} />
    </>
  );
}
