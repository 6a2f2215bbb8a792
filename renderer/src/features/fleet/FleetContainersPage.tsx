import { Alert, Group, MultiSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useContainersOfHosts } from '../../api/containers';
import { useHosts, useHostStatusMap } from '../../api/hosts';
import { errorMessage } from '../../api/query-client';
import { PageHeader } from '../../components/PageHeader';
import { FleetBulkBar } from './FleetBulkBar';
import { FleetTable } from './FleetTable';
import { fleetRows, rowKey, type FleetQuery, type FleetRow, type StateFilter } from './fleet-rows';

const STATES: Array<{ value: StateFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'running', label: 'Running' },
  { value: 'stopped', label: 'Stopped' },
  { value: 'unhealthy', label: 'Unhealthy' },
  { value: 'restarting', label: 'Restarting' },
  { value: 'paused', label: 'Paused' },
];

/** Every container of every connected host in one list: filter, sort, act on a selection. */
export function FleetContainersPage() {
  const { data: hosts } = useHosts();
  const statuses = useHostStatusMap();
  const connected = (hosts ?? []).filter(
    (host) => host.dockerEnabled && statuses.get(host.id)?.state === 'connected',
  );
  const lists = useContainersOfHosts(connected.map((host) => host.id));
  const [query, setQuery] = useState<FleetQuery>({
    text: '',
    hostIds: [],
    state: 'all',
    sort: 'state',
    descending: false,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const all: FleetRow[] = connected.flatMap((host, index) =>
    (lists[index]?.data ?? []).map((container) => ({ hostName: host.name, container })),
  );
  const dataKey = lists.map((list) => list.dataUpdatedAt).join();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `all` is rebuilt each render; the lists' update times say when it changed
  const shown = useMemo(() => fleetRows(all, query), [dataKey, query]);
  const chosen = shown.filter((row) => selected.has(rowKey(row)));
  const failures = lists.filter((list) => list.error);

  return (
    <Stack gap="md">
      <PageHeader
        title="All containers"
        description={`${all.length} containers on ${connected.length} connected ${connected.length === 1 ? 'host' : 'hosts'}.`}
      />
      {failures.length > 0 && (
        <Alert color="yellow">
          Some hosts could not be listed: {failures.map((list) => errorMessage(list.error)).join('; ')}
        </Alert>
      )}
      <Group gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          aria-label="Filter containers"
          placeholder="Name, image, host or project"
          leftSection={<IconSearch size={14} />}
          value={query.text}
          onChange={(event) => setQuery({ ...query, text: event.currentTarget.value })}
          // Escape hands the keys back to the list (j/k, Enter).
          onKeyDown={(event) => event.key === 'Escape' && event.currentTarget.blur()}
          w={260}
        />
        <MultiSelect
          aria-label="Hosts"
          placeholder={query.hostIds.length === 0 ? 'All hosts' : undefined}
          data={connected.map((host) => ({ value: host.id, label: host.name }))}
          value={[...query.hostIds]}
          onChange={(hostIds) => setQuery({ ...query, hostIds })}
          searchable
          clearable
          w={260}
        />
        <SegmentedControl
          aria-label="State"
          data={STATES}
          value={query.state}
          onChange={(state) => setQuery({ ...query, state: state as StateFilter })}
        />
      </Group>
      <FleetBulkBar chosen={chosen} />
      <FleetTable
        rows={shown}
        query={query}
        onSort={(sort) =>
          setQuery({ ...query, sort, descending: query.sort === sort ? !query.descending : false })
        }
        selected={selected}
        onSelect={setSelected}
      />
      <Text size="xs" c="dimmed">
        Keys: j / k move, Enter opens, x selects, Esc leaves the filter; / or Ctrl K searches every host.
      </Text>
    </Stack>
  );
}
