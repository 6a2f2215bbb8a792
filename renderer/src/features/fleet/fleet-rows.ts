import type { Container } from '@shared/schemas/containers';

/** One row of the all-hosts list: the container and the name of its host. */
export interface FleetRow {
  hostName: string;
  container: Container;
}

export type StateFilter = 'all' | 'running' | 'stopped' | 'unhealthy' | 'restarting' | 'paused';
export type SortKey = 'host' | 'name' | 'project' | 'image' | 'state' | 'created';

export interface FleetQuery {
  text: string;
  hostIds: readonly string[];
  state: StateFilter;
  sort: SortKey;
  descending: boolean;
}

const STOPPED = new Set(['exited', 'created', 'dead']);

function matchesState(container: Container, state: StateFilter): boolean {
  switch (state) {
    case 'all':
      return true;
    case 'unhealthy':
      return container.health === 'unhealthy';
    case 'stopped':
      return STOPPED.has(container.state);
    default:
      return container.state === state;
  }
}

/** Problems first when sorting by state: unhealthy, restarting, dead, then the rest by name of state. */
function stateRank(container: Container): string {
  if (container.health === 'unhealthy') return '0';
  if (container.state === 'restarting') return '1';
  if (container.state === 'dead') return '2';
  return `3${container.state}`;
}

const KEYS: Record<SortKey, (row: FleetRow) => string> = {
  host: (row) => row.hostName.toLowerCase(),
  name: (row) => row.container.name.toLowerCase(),
  // Standalone containers (no project) after every project.
  project: (row) => row.container.composeProject?.toLowerCase() ?? '\uffff',
  image: (row) => row.container.image.toLowerCase(),
  state: (row) => stateRank(row.container),
  created: (row) => row.container.created,
};

/** The rows the filters let through, sorted (ties by host, then name, so the order is stable). */
export function fleetRows(rows: readonly FleetRow[], query: FleetQuery): FleetRow[] {
  const text = query.text.trim().toLowerCase();
  const hosts = new Set(query.hostIds);
  const kept = rows.filter(
    (row) =>
      (hosts.size === 0 || hosts.has(row.container.hostId)) &&
      matchesState(row.container, query.state) &&
      (text === '' ||
        [row.container.name, row.container.image, row.hostName, row.container.composeProject ?? ''].some(
          (field) => field.toLowerCase().includes(text),
        )),
  );
  const key = KEYS[query.sort];
  const direction = query.descending ? -1 : 1;
  return kept.sort(
    (a, b) =>
      direction * key(a).localeCompare(key(b)) ||
      KEYS.host(a).localeCompare(KEYS.host(b)) ||
      KEYS.name(a).localeCompare(KEYS.name(b)),
  );
}

/** A stable id for selection across refetches: host and container id. */
export function rowKey(row: FleetRow): string {
  return `${row.container.hostId}/${row.container.id}`;
}

/** A compose project on one host. */
export interface FleetProject {
  hostId: string;
  hostName: string;
  project: string;
}

/** The compose projects the rows belong to, each once (per host), in the order the rows name them. */
export function projectsOf(rows: readonly FleetRow[]): FleetProject[] {
  const projects = new Map<string, FleetProject>();
  for (const { hostName, container } of rows) {
    if (container.composeProject === null) continue;
    const key = `${container.hostId}/${container.composeProject}`;
    if (!projects.has(key))
      projects.set(key, { hostId: container.hostId, hostName, project: container.composeProject });
  }
  return [...projects.values()];
}
