/**
 * A Docker engine reached over a host's SSH connection: dockerode on an SshDockerAgent (not dockerode's own
 * ssh mode, which would open a new SSH connection per call). `openEngine` picks the transport: streamlocal
 * first, `docker system dial-stdio` when the server refuses streamlocal channels; and, when the saved socket
 * path has no engine behind it, the sockets found on the host (socket-discovery.ts). A local host's engine
 * is this machine's socket, opened directly (`unix-socket`).
 */
import { stat } from 'node:fs/promises';
import Docker from 'dockerode';
import type { DockerTransport } from '@shared/schemas/hosts';
import type { Client } from 'ssh2';
import type { EngineLink } from '../connectivity/host-connectivity';
import { isChannelOpenFailure, openDialStdio, openStreamLocal, StderrTail } from './docker-streams';
import { discoverDockerSockets } from './socket-discovery';
import { SshDockerAgent } from './ssh-docker-agent';

export interface Engine {
  docker: Docker;
  transport: DockerTransport;
  /** The socket the engine answered on: the saved one, or one found on the host when that had none. */
  socketPath: string;
  /** Closes every channel this engine opened (the SSH connection itself stays). */
  close(): void;
}

export type OpenEngineResult = { ok: true; engine: Engine } | { ok: false; reason: string };

const PING_TIMEOUT_MS = 10_000;
/** Exec sessions count against sshd's MaxSessions (10 by default); stay below it with dial-stdio. */
const DIAL_STDIO_MAX_SOCKETS = 8;

export async function openEngine(
  link: EngineLink,
  socketPath: string,
  hostName: string,
): Promise<OpenEngineResult> {
  if (link.kind === 'local') return openLocalEngine(socketPath, hostName);
  return openEngineOverSsh(link.client, socketPath, hostName);
}

/** The engine of the machine the core runs on, straight through its unix socket (no SSH, no agent). */
export async function openLocalEngine(socketPath: string, hostName: string): Promise<OpenEngineResult> {
  // Only a socket is dialled: a saved path that names a file or a folder is refused without touching it.
  const kind = await stat(socketPath).then(
    (info) => (info.isSocket() ? 'socket' : 'other'),
    (error: NodeJS.ErrnoException) => error.code ?? 'error',
  );
  if (kind !== 'socket') {
    const why =
      kind === 'ENOENT'
        ? 'nothing is there (is Docker running on this machine?)'
        : kind === 'EACCES'
          ? 'permission denied (is the user in the docker group?)'
          : kind === 'other'
            ? 'it is not a socket'
            : `it cannot be read (${kind})`;
    return { ok: false, reason: `Docker is not reachable at ${socketPath} on ${hostName}: ${why}` };
  }
  const docker = new Docker({ socketPath });
  const engine: Engine = { docker, transport: 'unix-socket', socketPath, close: () => undefined };
  const error = await ping(engine);
  if (error === null) return { ok: true, engine };
  return {
    ok: false,
    reason: `Docker at ${socketPath} on ${hostName} did not answer: ${error.message}`,
  };
}

async function openEngineOverSsh(
  client: Client,
  socketPath: string,
  hostName: string,
): Promise<OpenEngineResult> {
  const first = await tryStreamLocal(client, socketPath);
  if (first.ok) return first;
  if (!isChannelOpenFailure(first.error)) {
    return {
      ok: false,
      reason: `Docker at ${socketPath} on ${hostName} did not answer: ${first.error.message}`,
    };
  }

  // No socket there, no permission, or streamlocal refused: look for the engine elsewhere on the host.
  const found = await discoverDockerSockets(client, socketPath);
  for (const path of found) {
    const other = await tryStreamLocal(client, path);
    if (other.ok) return other;
  }

  let detail = '';
  for (const path of [socketPath, ...found.slice(0, 1)]) {
    const stderr = new StderrTail();
    const dialStdio = createEngine(client, path, 'dial-stdio', stderr);
    const error = await ping(dialStdio);
    if (error === null) return { ok: true, engine: dialStdio };
    dialStdio.close();
    // The saved path's failure is the one to explain; a found socket's is only mentioned.
    if (path === socketPath) detail = stderr.lastLine() || error.message;
  }
  const elsewhere = found.length > 0 ? ` Also tried ${found.join(', ')} (found on the host).` : '';
  return {
    ok: false,
    reason:
      `Docker is not reachable at ${socketPath} on ${hostName}: the SSH server refused a channel to the socket ` +
      `(${first.error.message.replace(/^\(SSH\) /, '')}) and "docker system dial-stdio" failed (${detail}).` +
      `${elsewhere} Check the Docker socket path and that the user may use Docker.`,
  };
}

async function tryStreamLocal(
  client: Client,
  socketPath: string,
): Promise<{ ok: true; engine: Engine } | { ok: false; error: Error }> {
  const engine = createEngine(client, socketPath, 'streamlocal');
  const error = await ping(engine);
  if (error === null) return { ok: true, engine };
  engine.close();
  return { ok: false, error };
}

function createEngine(
  client: Client,
  socketPath: string,
  transport: DockerTransport,
  stderr?: StderrTail,
): Engine {
  const agent =
    transport === 'streamlocal'
      ? new SshDockerAgent(() => openStreamLocal(client, socketPath))
      : new SshDockerAgent(() => openDialStdio(client, socketPath, stderr ?? new StderrTail()), {
          maxSockets: DIAL_STDIO_MAX_SOCKETS,
          maxFreeSockets: 2,
        });
  // host/protocol only shape the request line; the agent decides where bytes go. Explicit values also keep
  // a DOCKER_HOST in Tidewatch's own environment from redirecting the calls.
  // docker-modem supports `agent` (it is passed to http.request); @types/dockerode does not declare it.
  const options: Docker.DockerOptions & { agent: SshDockerAgent } = {
    host: 'docker',
    port: 2375,
    protocol: 'http',
    agent,
  };
  const docker = new Docker(options);
  return { docker, transport, socketPath, close: () => agent.destroy() };
}

/** null when the engine answered; the error otherwise (a timeout counts as an error). */
async function ping(engine: Engine): Promise<Error | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(
      () => resolve(new Error(`no answer within ${PING_TIMEOUT_MS / 1000} s`)),
      PING_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      engine.docker.ping().then(
        () => null,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
