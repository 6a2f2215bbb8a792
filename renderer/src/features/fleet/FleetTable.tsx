import { Anchor, Checkbox, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { useListKeys } from '../../components/use-list-keys';
import { ContainerStateBadge } from '../containers/list/ContainerStateBadge';
import { rowKey, type FleetQuery, type FleetRow, type SortKey } from './fleet-rows';

const ROW_HEIGHT = 44;

interface Props {
  rows: FleetRow[];
  query: FleetQuery;
  onSort(sort: SortKey): void;
  selected: ReadonlySet<string>;
  onSelect(next: Set<string>): void;
}

const containerPath = (row: FleetRow) =>
  `/hosts/${row.container.hostId}/containers/${encodeURIComponent(row.container.name)}`;

/** Only the visible rows are in the DOM (spacer rows above and below), so thousands of containers scroll smoothly. */
export function FleetTable({ rows, query, onSort, selected, onSelect }: Props) {
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read fresh on every render
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(rowKey(row)));
  const toggle = (key: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(key);
    else next.delete(key);
    onSelect(next);
  };
  const active = useListKeys({
    count: rows.length,
    onOpen: (index) => {
      const row = rows[index];
      if (row) void navigate(containerPath(row));
    },
    onToggle: (index) => {
      const row = rows[index];
      if (row) toggle(rowKey(row), !selected.has(rowKey(row)));
    },
    scrollTo: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  });
  const header = (key: SortKey, label: string) => (
    <Table.Th>
      <UnstyledButton onClick={() => onSort(key)} aria-label={`Sort by ${label}`} fw={700} fz="sm">
        {label}{' '}
        {query.sort === key && (query.descending ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
      </UnstyledButton>
    </Table.Th>
  );
  return (
    <div ref={scrollRef} style={{ maxHeight: 'calc(100vh - 260px)', minHeight: 200, overflow: 'auto' }}>
      <Table stickyHeader highlightOnHover aria-label="All containers" miw={820}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label="Select all shown"
                checked={allSelected}
                indeterminate={selected.size > 0 && !allSelected}
                onChange={(event) =>
                  onSelect(event.currentTarget.checked ? new Set(rows.map(rowKey)) : new Set())
                }
              />
            </Table.Th>
            {header('host', 'Host')}
            {header('name', 'Name')}
            {header('image', 'Image')}
            {header('state', 'State')}
            {header('created', 'Created')}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {top > 0 && <tr style={{ height: top }} aria-hidden />}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const { container } = row;
            const key = rowKey(row);
            return (
              <Table.Tr
                key={key}
                h={ROW_HEIGHT}
                aria-current={item.index === active ? 'true' : undefined}
                bg={item.index === active ? 'var(--mantine-primary-color-light)' : undefined}
              >
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${container.name} on ${row.hostName}`}
                    checked={selected.has(key)}
                    onChange={(event) => toggle(key, event.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{row.hostName}</Text>
                </Table.Td>
                <Table.Td maw={240}>
                  <Anchor
                    component={Link}
                    to={containerPath(row)}
                    size="sm"
                    fw={500}
                    truncate
                    display="block"
                  >
                    {container.name}
                  </Anchor>
                </Table.Td>
                <Table.Td maw={300}>
                  <Text size="sm" ff="monospace" truncate title={container.image}>
                    {container.image}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <ContainerStateBadge container={container} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {new Date(container.created).toLocaleDateString()}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
          {bottom > 0 && <tr style={{ height: bottom }} aria-hidden />}
        </Table.Tbody>
      </Table>
    </div>
  );
}
