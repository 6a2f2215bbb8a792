/**
 * A Docker engine reached over a host's SSH connection: dockerode on an SshDockerAgent (not dockerode's own
 * ssh mode, which would open a new SSH connection per call). `openEngine` picks the transport: streamlocal
 * first, `docker system dial-stdio` when the server refuses streamlocal channels.
 */
import Docker from 'dockerode';
import type { DockerTransport } from '@shared/schemas/hosts';
import type { Client } from 'ssh2';
import { isChannelOpenFailure, openDialStdio, openStreamLocal, StderrTail } from './docker-streams';
import { SshDockerAgent } from './ssh-docker-agent';

export interface Engine {
  docker: Docker;
  transport: DockerTransport;
  /** Closes every channel this engine opened (the SSH connection itself stays). */
  close(): void;
}

export type OpenEngineResult = { ok: true; engine: Engine } | { ok: false; reason: string };

const PING_TIMEOUT_MS = 10_000;
/** Exec sessions count against sshd's MaxSessions (10 by default); stay below it with dial-stdio. */
const DIAL_STDIO_MAX_SOCKETS = 8;

export async function openEngine(
  client: Client,
  socketPath: string,
  hostName: string,
): Promise<OpenEngineResult> {
  const streamlocal = createEngine(client, socketPath, 'streamlocal');
  const first = await ping(streamlocal);
  if (first === null) return { ok: true, engine: streamlocal };
  streamlocal.close();
  if (!isChannelOpenFailure(first)) {
    return { ok: false, reason: `Docker at ${socketPath} on ${hostName} did not answer: ${first.message}` };
  }

  const stderr = new StderrTail();
  const dialStdio = createEngine(client, socketPath, 'dial-stdio', stderr);
  const second = await ping(dialStdio);
  if (second === null) return { ok: true, engine: dialStdio };
  dialStdio.close();
  const detail = stderr.lastLine() || second.message;
  return {
    ok: false,
    reason:
      `Docker is not reachable at ${socketPath} on ${hostName}: the SSH server refused a channel to the socket ` +
      `(${first.message.replace(/^\(SSH\) /, '')}) and "docker system dial-stdio" failed (${detail}). ` +
      'Check the Docker socket path and that the user may use Docker.',
  };
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
  return { docker, transport, close: () => agent.destroy() };
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
