/**
 * `--local-engine`: the companion manages the Docker engine of the server it runs on as a local host (no
 * SSH to itself). The host is created once, under the machine's name, and connected; on later starts the
 * saved host is kept as the user left it (renamed, grouped or disconnected).
 */
import type { Host } from '@shared/schemas/hosts';
import type { Core } from '../core/app';

export async function ensureLocalEngine(core: Core, socket: string, machineName: string): Promise<Host> {
  const hosts = core.hosts.list();
  const existing = hosts.find((host) => host.kind === 'local' && host.dockerSocket === socket);
  if (existing) return existing;
  const taken = new Set(hosts.map((host) => host.name.toLowerCase()));
  const base = machineName.trim().slice(0, 90) || 'this server';
  const name = taken.has(base.toLowerCase()) ? `${base} (local)` : base;
  const host = core.hosts.createLocal({ name, dockerSocket: socket, group: null, color: null });
  core.hosts.setWantConnected(host.id, true);
  const status = await core.connectivity.connect(host.id);
  core.logger.info('local engine added', {
    hostId: host.id,
    socket,
    state: status.state,
    reason: status.reason,
  });
  return host;
}
