import { AppError } from '@shared/rpc/errors';
import {
  noSshMessage,
  SSH_ONLY_REASON,
  type LocalHostCreateInput,
  type TestConnectionResult,
} from '@shared/schemas/hosts';
import type { HostConnectivity } from '../connectivity/host-connectivity';
import type { DockerService } from '../docker/docker-service';
import type { Engine } from '../docker/docker-engine';
import type { HostService, ResolvedHost } from '../hosts/host-service';
import { importSshConfig } from '../hosts/ssh-config-import';
import type { Logger } from '../logging/logger';
import type { SshConnectionManager } from '../ssh/ssh-connection-manager';
import type { Handler } from './dispatcher';

export interface HostsApiDeps {
  hosts: HostService;
  /** The host status and the kept connections. */
  connectivity: HostConnectivity<Engine>;
  /** One-off dials (testConnection) and host-key scans. */
  ssh: SshConnectionManager;
  docker: DockerService;
  logger: Logger;
  /** Home directory for ~/.ssh/config and known_hosts (tests pass paths instead). */
  homeDir?: string;
}

type HostsHandlers = {
  [
    M in
      | 'hosts.list'
      | 'hosts.get'
      | 'hosts.create'
      | 'hosts.createLocal'
      | 'hosts.update'
      | 'hosts.remove'
      | 'hosts.testConnection'
      | 'hosts.trustHostKey'
      | 'hosts.connect'
      | 'hosts.disconnect'
      | 'hosts.status'
      | 'hosts.getStatus'
      | 'hosts.importSshConfig'
  ]: Handler<M>;
};

export function hostsHandlers(deps: HostsApiDeps): HostsHandlers {
  const { hosts, connectivity, ssh, docker } = deps;
  const reconnectLater = (id: string) =>
    void connectivity
      .reconnect(id)
      .catch((error: unknown) => deps.logger.warn('reconnect failed', { hostId: id, error }));

  return {
    'hosts.list': () => hosts.list(),
    'hosts.get': ({ hostId }) => hosts.get(hostId),
    'hosts.create': (input) => hosts.create(input),
    'hosts.createLocal': (input) => hosts.createLocal(input),
    'hosts.update': async (input) => {
      const { host, reconnect } = await hosts.update(input);
      if (reconnect) reconnectLater(host.id);
      return host;
    },
    'hosts.remove': async ({ hostId: id }) => {
      await hosts.remove(id);
      connectivity.forget(id);
      docker.forget(id);
      return { removed: true as const, id };
    },
    'hosts.testConnection': async (input) => {
      if ('local' in input) return testLocalEngine(input.local, docker);
      if ('hostId' in input) {
        const record = hosts.record(input.hostId);
        if (record.kind === 'local') return testLocalEngine(record, docker);
      }
      const host = 'hostId' in input ? await hosts.resolve(input.hostId) : hosts.resolveDraft(input.host);
      if (input.acceptFingerprint) host.target.acceptFingerprint = input.acceptFingerprint;
      return testConnection(host, ssh, docker);
    },
    'hosts.trustHostKey': async ({ hostId: id, fingerprint }) => {
      const record = hosts.record(id);
      if (record.kind === 'local') throw new AppError('VALIDATION', noSshMessage(record.name));
      const scan = await ssh.scanHostKey(id);
      if ('failure' in scan) {
        throw new AppError(
          'UNAVAILABLE',
          `Could not read the host key of ${record.name}: ${scan.failure.reason}`,
        );
      }
      if (scan.key.fingerprint !== fingerprint) {
        throw new AppError(
          'CONFLICT',
          `${record.name} now presents the key ${scan.key.fingerprint}, not the one you confirmed (${fingerprint}); nothing was pinned`,
        );
      }
      const host = hosts.pinHostKey(id, scan.key);
      reconnectLater(id);
      return host;
    },
    'hosts.connect': ({ hostId: id }) => {
      hosts.record(id);
      hosts.setHeldDown(id, false);
      hosts.setWantConnected(id, true);
      return connectivity.connect(id);
    },
    'hosts.disconnect': ({ hostId: id }) => {
      hosts.record(id);
      // Held down until the user connects it again: lists and update checks must not dial it.
      hosts.setHeldDown(id, true);
      hosts.setWantConnected(id, false);
      return connectivity.disconnect(id, 'Disconnected by the user');
    },
    'hosts.status': () => hosts.list().map((host) => connectivity.status(host.id)),
    'hosts.getStatus': ({ hostId }) => connectivity.status(hosts.record(hostId).id),
    'hosts.importSshConfig': () =>
      importSshConfig({ home: deps.homeDir, existing: hosts.list().filter((host) => host.kind === 'ssh') }),
  };
}

/** A one-off check of this machine's engine at a socket (a local host, saved or not). */
async function testLocalEngine(
  host: Pick<LocalHostCreateInput, 'name' | 'dockerSocket'>,
  docker: DockerService,
): Promise<TestConnectionResult> {
  const started = performance.now();
  const check = await docker.checkOnce({ kind: 'local' }, host.dockerSocket, host.name);
  const base = {
    fingerprint: null,
    algorithm: null,
    durationMs: Math.round(performance.now() - started),
    field: null,
  };
  if (!check.ok) return { state: 'docker-unavailable', reason: check.reason, docker: null, ...base };
  const { serverVersion, apiVersion, transport, socketPath } = check;
  return {
    state: 'connected',
    reason: `Docker ${serverVersion} answered on this machine`,
    docker: { serverVersion, apiVersion, transport, socketPath },
    ...base,
  };
}

/** One connection that is not kept: SSH (host key, auth), then Docker; the client is always closed. */
async function testConnection(
  host: ResolvedHost,
  ssh: SshConnectionManager,
  docker: DockerService,
): Promise<TestConnectionResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const result = await ssh.dialOnce(host);
  if (!result.ok) {
    return {
      state: result.failure.state,
      reason: result.failure.reason,
      fingerprint: result.hostKey?.fingerprint ?? null,
      algorithm: result.hostKey?.algorithm ?? null,
      docker: null,
      durationMs: elapsed(),
      field: result.failure.field ?? null,
    };
  }
  try {
    const presented = { fingerprint: result.hostKey.fingerprint, algorithm: result.hostKey.algorithm };
    if (!host.dockerEnabled) {
      return {
        state: 'connected',
        reason: SSH_ONLY_REASON,
        ...presented,
        docker: null,
        durationMs: elapsed(),
        field: null,
      };
    }
    const check = await docker.checkOnce(
      { kind: 'ssh', client: result.client },
      host.dockerSocket,
      host.name,
    );
    if (!check.ok)
      return {
        state: 'docker-unavailable',
        reason: check.reason,
        ...presented,
        docker: null,
        durationMs: elapsed(),
        field: null,
      };
    return {
      state: 'connected',
      reason:
        check.socketPath === host.dockerSocket
          ? `SSH and Docker ${check.serverVersion} answered`
          : `SSH and Docker ${check.serverVersion} answered, at ${check.socketPath} (found on the host; nothing answered at ${host.dockerSocket})`,
      ...presented,
      docker: {
        serverVersion: check.serverVersion,
        apiVersion: check.apiVersion,
        transport: check.transport,
        socketPath: check.socketPath,
      },
      durationMs: elapsed(),
      field: null,
    };
  } finally {
    result.client.end();
  }
}
