import type { Host } from '@shared/schemas/hosts';

/** With more hosts than this, the switcher offers a filter box. */
export const FILTER_FROM = 7;

/** Hosts whose name, address, user or group contains every word of the filter, case-insensitive. */
export function filterHosts(hosts: readonly Host[], text: string): Host[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...hosts];
  return hosts.filter((host) => {
    const haystack = [host.name, host.address, host.user, host.group ?? ''].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
