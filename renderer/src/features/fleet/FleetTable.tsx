import { Checkbox, Table, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useListKeys } from '../../components/use-list-keys';
import { containerPath, FleetTableRow, ROW_HEIGHT } from './FleetTableRow';
import { rowKey, type FleetQuery, type FleetRow, type SortKey } from './fleet-rows';

interface Props {
  rows: FleetRow[];
  query: FleetQuery;
  onSort(sort: SortKey): void;
  selected: ReadonlySet<string>;
  onSelect(next: Set<string>): void;
}

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
    // Scrolling renders with React's own batching: a synchronous render per scroll event made long tasks.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const allSelected = rows.length > 0 && rows.every((row) => selected.has(rowKey(row)));
  // Read through a ref so `toggle` stays the same function and memoized rows skip redrawing.
  const selection = useRef({ selected, onSelect });
  useLayoutEffect(() => {
    selection.current = { selected, onSelect };
  });
  const toggle = useCallback((key: string, on: boolean) => {
    const next = new Set(selection.current.selected);
    if (on) next.add(key);
    else next.delete(key);
    selection.current.onSelect(next);
  }, []);
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
      <Table stickyHeader highlightOnHover aria-label="All containers" miw={900}>
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
            {header('project', 'Project')}
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
            const key = rowKey(row);
            return (
              <FleetTableRow
                key={key}
                row={row}
                rowKey={key}
                checked={selected.has(key)}
                active={item.index === active}
                onToggle={toggle}
              />
            );
          })}
          {bottom > 0 && <tr style={{ height: bottom }} aria-hidden />}
        </Table.Tbody>
      </Table>
    </div>
  );
}
