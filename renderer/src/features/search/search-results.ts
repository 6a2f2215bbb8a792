import type { Container } from '@shared/schemas/containers';

export interface SearchHit {
  kind: 'container' | 'project' | 'image';
  key: string;
  label: string;
  detail: string;
  /** Where Enter goes. */
  path: string;
}

export interface HostResults {
  hostId: string;
  hostName: string;
  hits: SearchHit[];
}

/** At most this many hits per host, so a broad query stays readable and fast. */
export const HITS_PER_HOST = 8;

/**
 * At most this many hits in all: a broad query on 25 hosts would otherwise draw 200 results at each key
 * press. Whole hosts are kept or left out, so a host's group is never cut in two.
 */
export const HITS_SHOWN = 48;

/** The host groups to draw, and how many more hosts matched beyond HITS_SHOWN. */
export function firstResults(results: readonly HostResults[]): { shown: HostResults[]; moreHosts: number } {
  const shown: HostResults[] = [];
  let hits = 0;
  for (const result of results) {
    if (shown.length > 0 && hits + result.hits.length > HITS_SHOWN) break;
    shown.push(result);
    hits += result.hits.length;
  }
  return { shown, moreHosts: results.length - shown.length };
}

/**
 * Containers, compose projects and images of each host whose name (or image, or project) contains every
 * word of the query, case-insensitive; grouped by host, hosts without hits left out.
 */
export function searchFleet(
  hosts: ReadonlyArray<{ hostId: string; hostName: string; containers: readonly Container[] }>,
  query: string,
): HostResults[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const matches = (...fields: string[]) => {
    const text = fields.join(' ').toLowerCase();
    return words.every((word) => text.includes(word));
  };
  return hosts
    .map(({ hostId, hostName, containers }) => {
      const base = `/hosts/${hostId}`;
      const hits: SearchHit[] = [];
      for (const container of containers) {
        if (matches(container.name, container.image, container.composeProject ?? ''))
          hits.push({
            kind: 'container',
            key: `${hostId}/c/${container.id}`,
            label: container.name,
            detail: `${container.state} · ${container.image}`,
            path: `${base}/containers/${encodeURIComponent(container.name)}`,
          });
      }
      const projects = new Set(
        containers.map((container) => container.composeProject).filter((p) => p !== null),
      );
      for (const project of projects)
        if (matches(project))
          hits.push({
            kind: 'project',
            key: `${hostId}/p/${project}`,
            label: project,
            detail: 'compose project',
            path: base,
          });
      const images = new Set(containers.map((container) => container.image));
      for (const image of images)
        if (matches(image))
          hits.push({
            kind: 'image',
            key: `${hostId}/i/${image}`,
            label: image,
            detail: 'image',
            path: base,
          });
      return { hostId, hostName, hits: hits.slice(0, HITS_PER_HOST) };
    })
    .filter((result) => result.hits.length > 0);
}
