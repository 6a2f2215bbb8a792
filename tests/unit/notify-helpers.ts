import type { UpdateEntry } from '@shared/schemas/updates';

/** An inbox entry with sensible defaults for notification tests. */
export function entry(partial: Partial<UpdateEntry> = {}): UpdateEntry {
  return {
    id: 1,
    hostId: 'h1',
    containerId: 'c1',
    containerName: 'web',
    image: 'nginx:1.25',
    registry: 'docker.io',
    repository: 'library/nginx',
    platform: 'linux/amd64',
    currentTag: '1.25',
    currentDigest: null,
    availableTag: '1.27',
    availableDigest: null,
    kind: 'minor',
    steps: [{ kind: 'minor', tag: '1.27' }],
    status: 'new',
    snoozedUntil: null,
    ignoredVersion: null,
    firstSeen: '2026-03-01T10:00:00.000Z',
    lastChecked: '2026-03-01T10:00:00.000Z',
    groupId: null,
    groupName: null,
    registryLink: 'https://hub.docker.com/_/nginx',
    ...partial,
  };
}
