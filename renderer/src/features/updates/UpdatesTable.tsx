import { Checkbox, Table, UnstyledButton, useMantineTheme } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { Fragment, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useListKeys } from '../../components/use-list-keys';
import type { Group as UpdateGroup, UpdateEntry } from '@shared/schemas/updates';
import { UpdateGroupHeader } from './UpdateGroupHeader';
import { UpdateRow } from './UpdateRow';
import {
  groupUpdates,
  sortUpdates,
  type UpdateGroupRow,
  type UpdateSort,
  type UpdateSortKey,
} from './update-groups';
import { updateEntryPath } from './UpdateRow';

/** A row the keyboard can stand on: an entry, or the header of a group of entries. */
type KeyRow =
  { kind: 'entry'; key: string; entry: UpdateEntry } | { kind: 'group'; key: string; group: UpdateGroupRow };

export type UpdatesView = 'grouped' | 'flat';

interface Props {
  entries: readonly UpdateEntry[];
  view: UpdatesView;
  sort: UpdateSort;
  onSort(key: UpdateSortKey): void;
  hostNames: ReadonlyMap<string, string>;
  groups: readonly UpdateGroup[];
  selected: ReadonlySet<number>;
  onSelect(selected: Set<number>): void;
}

/**
 * The inbox table. Grouped, one pushed tag is one header row ("2 containers on 1 host") that opens onto its
 * rows; a tag offered to a single container is just that row. Flat, every entry is a row.
 */
export function UpdatesTable({ entries, view, sort, onSort, hostNames, groups, selected, onSelect }: Props) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  // Below the lg breakpoint (a window under 1200 px, less the navbar) the Kind and Seen columns fold away
  // so every row still fits the page; read at once, so the first render already has the right columns.
  const narrow = !useMediaQuery(`(min-width: ${useMantineTheme().breakpoints.lg})`, true, {
    getInitialValueInEffect: false,
  });
  const grouped = useMemo(
    () => (view === 'grouped' ? groupUpdates(entries, sort, hostNames) : []),
    [entries, view, sort, hostNames],
  );
  const flat = useMemo(
    () => (view === 'flat' ? sortUpdates(entries, sort, hostNames) : []),
    [entries, view, sort, hostNames],
  );
  const allSelected = entries.length > 0 && entries.every((entry) => selected.has(entry.id));
  const setSelected = (ids: readonly number[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onSelect(next);
  };
  const setGroupOpen = (key: string, on: boolean) => {
    const next = new Set(open);
    if (on) next.add(key);
    else next.delete(key);
    setOpen(next);
  };
  // j/k walk the rows in the order shown; Enter opens an entry's container or a group; x selects.
  const navigate = useNavigate();
  const keyRows = keyboardRows(view, flat, grouped, open);
  const active = useListKeys({
    count: keyRows.length,
    onOpen: (index) => {
      const target = keyRows[index];
      if (target?.kind === 'entry') void navigate(updateEntryPath(target.entry));
      else if (target) setGroupOpen(target.group.key, !open.has(target.group.key));
    },
    onToggle: (index) => {
      const target = keyRows[index];
      const ids =
        target?.kind === 'entry' ? [target.entry.id] : (target?.group.entries.map((e) => e.id) ?? []);
      setSelected(ids, !ids.every((id) => selected.has(id)));
    },
    scrollTo: (index) =>
      document
        .querySelector(`tr[data-key-row="${keyRows[index]?.key ?? ''}"]`)
        ?.scrollIntoView({ block: 'nearest' }),
  });
  const activeKey = keyRows[active]?.key ?? null;
  const row = (entry: UpdateEntry, nested = false) => (
    <UpdateRow
      key={entry.id}
      active={activeKey === `entry:${entry.id}`}
      entry={entry}
      hostName={hostNames.get(entry.hostId) ?? entry.hostId}
      groups={groups}
      selected={selected.has(entry.id)}
      onToggle={(on) => setSelected([entry.id], on)}
      nested={nested}
      narrow={narrow}
    />
  );
  // Header labels may wrap ("Seen / checked" over two lines) so a narrow window does not scroll sideways.
  const header = (key: UpdateSortKey, label: string) => (
    <Table.Th>
      <UnstyledButton onClick={() => onSort(key)} aria-label={`Sort by ${label}`} fw={700} fz="sm">
        {label}{' '}
        {sort.key === key && (sort.descending ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
      </UnstyledButton>
    </Table.Th>
  );
  return (
    // Every cell can wrap or truncate, so the table fits the page down to a 900 px wide window; only a
    // narrower page scrolls it sideways.
    <Table.ScrollContainer minWidth={520}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Updates">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={36}>
              <Checkbox
                aria-label="Select all"
                checked={allSelected}
                indeterminate={selected.size > 0 && !allSelected}
                onChange={(event) =>
                  setSelected(
                    entries.map((entry) => entry.id),
                    event.currentTarget.checked,
                  )
                }
              />
            </Table.Th>
            {header('host', 'Host')}
            {header('image', 'Container / image')}
            <Table.Th>Version</Table.Th>
            {!narrow && header('kind', 'Kind')}
            {!narrow && header('detected', 'Seen / checked')}
            <Table.Th>Status</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view === 'flat' && flat.map((entry) => row(entry))}
          {grouped.map((group) => {
            const [only] = group.entries;
            if (group.entries.length === 1 && only) return row(only);
            const isOpen = open.has(group.key);
            const ids = group.entries.map((entry) => entry.id);
            return (
              <Fragment key={group.key}>
                <UpdateGroupHeader
                  active={activeKey === `group:${group.key}`}
                  group={group}
                  hostNames={hostNames}
                  open={isOpen}
                  onOpen={(on) => setGroupOpen(group.key, on)}
                  selectedCount={ids.filter((id) => selected.has(id)).length}
                  onSelect={(on) => setSelected(ids, on)}
                  narrow={narrow}
                />
                {isOpen && group.entries.map((entry) => row(entry, true))}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function keyboardRows(
  view: UpdatesView,
  flat: readonly UpdateEntry[],
  grouped: readonly UpdateGroupRow[],
  open: ReadonlySet<string>,
): KeyRow[] {
  const entry = (item: UpdateEntry): KeyRow => ({ kind: 'entry', key: `entry:${item.id}`, entry: item });
  if (view === 'flat') return flat.map(entry);
  return grouped.flatMap((group): KeyRow[] => {
    const [only] = group.entries;
    if (group.entries.length === 1 && only) return [entry(only)];
    const header: KeyRow = { kind: 'group', key: `group:${group.key}`, group };
    return open.has(group.key) ? [header, ...group.entries.map(entry)] : [header];
  });
}
