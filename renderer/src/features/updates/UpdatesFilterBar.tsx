import { Group, Select } from '@mantine/core';
import type { Host } from '@shared/schemas/hosts';
import { UPDATE_KINDS, UPDATE_STATUSES, type Group as UpdateGroup } from '@shared/schemas/updates';
import type { UpdateFilters } from './update-filters';
import { GroupsManager } from './GroupsManager';

interface Props {
  filters: UpdateFilters;
  hosts: readonly Host[];
  groups: readonly UpdateGroup[];
  onChange(filters: UpdateFilters): void;
}

const STATUS_OPTIONS = [
  { value: 'pending', label: 'Pending (new, acknowledged)' },
  ...UPDATE_STATUSES.map((status) => ({ value: status, label: status })),
];

export function UpdatesFilterBar({ filters, hosts, groups, onChange }: Props) {
  return (
    <Group gap="sm" align="flex-end" mb="md">
      <Select
        label="Host"
        placeholder="All hosts"
        clearable
        w={180}
        data={hosts.map((host) => ({ value: host.id, label: host.name }))}
        value={filters.hostId}
        onChange={(hostId) => onChange({ ...filters, hostId })}
      />
      <Select
        label="Group"
        placeholder="All groups"
        clearable
        w={160}
        data={groups.map((group) => ({ value: String(group.id), label: group.name }))}
        value={filters.groupId === null ? null : String(filters.groupId)}
        onChange={(value) => onChange({ ...filters, groupId: value === null ? null : Number(value) })}
      />
      <Select
        label="Kind"
        placeholder="All kinds"
        clearable
        w={130}
        data={[...UPDATE_KINDS]}
        value={filters.kind}
        onChange={(kind) => onChange({ ...filters, kind: (kind as UpdateFilters['kind']) ?? null })}
      />
      <Select
        label="Status"
        placeholder="Any status"
        clearable
        w={220}
        data={STATUS_OPTIONS}
        value={filters.status}
        onChange={(status) => onChange({ ...filters, status: (status as UpdateFilters['status']) ?? null })}
      />
      <GroupsManager groups={groups} />
    </Group>
  );
}
