import type { Host } from '@shared/schemas/hosts';

/** What the lists say under a host's name: `user@address` (with the port when asked), or "this machine". */
export function hostEndpoint(
  host: Pick<Host, 'kind' | 'user' | 'address' | 'port'>,
  withPort = false,
): string {
  if (host.kind === 'local') return 'this machine (local socket)';
  return withPort ? `${host.user}@${host.address}:${host.port}` : `${host.user}@${host.address}`;
}
