import type { UpdateEntry } from '@shared/schemas/updates';
import { familiarName } from '../registry/image-reference';

/** `nginx`, `lab/web`, `ghcr.io/org/app` → short enough for a notification line. */
export function shortImageName(entry: Pick<UpdateEntry, 'registry' | 'repository'>): string {
  return entry.registry === 'docker.io' ? familiarName(entry) : entry.repository;
}

/** `nginx 1.25 → 1.27` or `nginx 1.25 (new digest)`. */
export function describeUpdate(entry: UpdateEntry): string {
  const name = shortImageName(entry);
  if (entry.kind === 'digest') return `${name} ${entry.availableTag} (new digest)`;
  return `${name} ${entry.currentTag ?? '?'} → ${entry.availableTag}`;
}
