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
