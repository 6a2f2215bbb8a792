import type { Host } from '@shared/schemas/hosts';

export interface HostGroup {
  /** null: hosts without a group, listed first. */
  group: string | null;
  hosts: Host[];
}

/** Ungrouped hosts first, then groups by name; hosts by name inside each. */
export function groupHosts(hosts: readonly Host[]): HostGroup[] {
  const byGroup = new Map<string | null, Host[]>();
  for (const host of [...hosts].sort((a, b) => a.name.localeCompare(b.name))) {
    const members = byGroup.get(host.group) ?? [];
    members.push(host);
    byGroup.set(host.group, members);
  }
  return [...byGroup.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))
    .map(([group, members]) => ({ group, hosts: members }));
}
