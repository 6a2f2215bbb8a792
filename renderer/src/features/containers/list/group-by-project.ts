import type { Container } from '@shared/schemas/containers';

export interface ContainerGroup {
  /** The compose project, or null for containers started without compose. */
  project: string | null;
  containers: Container[];
}

/** Compose projects by name, standalone containers last; containers by name inside each group. */
export function groupByProject(containers: readonly Container[]): ContainerGroup[] {
  const groups = new Map<string | null, Container[]>();
  for (const container of [...containers].sort((a, b) => a.name.localeCompare(b.name))) {
    const members = groups.get(container.composeProject) ?? [];
    members.push(container);
    groups.set(container.composeProject, members);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([project, members]) => ({ project, containers: members }));
}
