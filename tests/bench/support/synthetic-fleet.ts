/**
 * A synthetic fleet for the UI benchmark: 25 hosts × 200 containers cannot run on this machine, so the
 * core's two boundaries to a host are replaced, and nothing else:
 * - SSH: the dialer answers with a client whose streamlocal channel connects to a local unix socket;
 * - the Docker engine behind that socket: a small HTTP server answering the Engine API calls the core makes
 *   (ping, version, info, container list and inspect, an idle event stream) from generated data.
 * Everything above (HostConnectivity, dockerode, DockerService, the contract, the WebSocket server and the
 * renderer) is the real code. Images point at a closed loopback port, so an update check fails at once
 * without leaving the machine.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Client } from 'ssh2';
import type { DialOptions, DialResult, DialTarget } from '../../../electron/core/ssh/ssh-dial';
import { HOST_KEY } from '../../support/ssh-fakes';

export const FLEET_IMAGE_REGISTRY = '127.0.0.1:9';

interface FakeContainer {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  State: string;
  Status: string;
  Ports: unknown[];
  Labels: Record<string, string>;
  NetworkSettings: { Networks: Record<string, unknown> };
  Mounts: unknown[];
}

/** 200 containers per host: mostly running, some exited, a few unhealthy or restarting, in compose projects of 5. */
export function fleetContainers(host: number, count: number): FakeContainer[] {
  return Array.from({ length: count }, (_, index) => {
    const project = `app${Math.floor(index / 5)}`;
    const service = `svc${index % 5}`;
    const state = index % 17 === 0 ? 'exited' : index % 41 === 0 ? 'restarting' : 'running';
    const unhealthy = state === 'running' && index % 23 === 0;
    const id = `${host.toString(16).padStart(4, '0')}${index.toString(16).padStart(4, '0')}`.padEnd(64, 'a');
    return {
      Id: id,
      Names: [`/${project}-${service}-1`],
      Image: `${FLEET_IMAGE_REGISTRY}/team/${service}:1.${index % 7}.0`,
      ImageID: `sha256:${id.replace(/a/g, 'b')}`,
      Command: 'serve',
      Created: 1_764_000_000 + index,
      State: state,
      Status: state === 'exited' ? 'Exited (0) 2 hours ago' : `Up 3 hours${unhealthy ? ' (unhealthy)' : ''}`,
      Ports: [],
      Labels: {
        'com.docker.compose.project': project,
        'com.docker.compose.service': service,
        'com.docker.compose.container-number': '1',
      },
      NetworkSettings: { Networks: { [`${project}_default`]: {} } },
      Mounts: [],
    };
  });
}

/** A Docker Engine API double for one host, listening on a unix socket. */
export function startFakeEngine(socketPath: string, containers: FakeContainer[]): Promise<Server> {
  const byId = new Map(containers.map((container) => [container.Id, container]));
  const server = createServer((request, response) => answer(request, response, containers, byId));
  server.on('clientError', (_error, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve(server));
  });
}

function answer(
  request: IncomingMessage,
  response: ServerResponse,
  containers: FakeContainer[],
  byId: Map<string, FakeContainer>,
): void {
  const path = (request.url ?? '/').replace(/^\/v\d+\.\d+/, '').split('?')[0] ?? '/';
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (path === '/_ping') {
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': '1.47' });
    response.end('OK');
    return;
  }
  if (path === '/version') return json(200, { Version: '27.0.0-synthetic', ApiVersion: '1.47', Os: 'linux' });
  if (path === '/info') {
    return json(200, {
      ID: 'synthetic',
      Name: 'synthetic',
      ServerVersion: '27.0.0-synthetic',
      NCPU: 8,
      MemTotal: 32 * 1024 ** 3,
      Containers: containers.length,
      ContainersRunning: containers.filter((container) => container.State === 'running').length,
      ContainersStopped: containers.filter((container) => container.State === 'exited').length,
      ContainersPaused: 0,
      Images: 7,
      OperatingSystem: 'Synthetic Linux',
      KernelVersion: '6.1.0',
      Architecture: 'x86_64',
      Driver: 'overlay2',
      Swarm: { LocalNodeState: 'inactive' },
    });
  }
  if (path === '/containers/json') return json(200, containers);
  if (path === '/images/json') return json(200, []);
  if (path === '/events') {
    // An idle event stream: open until the core closes it.
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.flushHeaders();
    return;
  }
  const inspect = /^\/containers\/([^/]+)\/json$/.exec(path);
  const container = inspect?.[1] ? byId.get(inspect[1]) : undefined;
  if (container) {
    return json(200, {
      Id: container.Id,
      Name: container.Names[0],
      Created: new Date(container.Created * 1000).toISOString(),
      Config: { Image: container.Image, Labels: container.Labels, Env: [], Tty: false },
      Image: container.ImageID,
      State: {
        Status: container.State,
        Running: container.State === 'running',
        StartedAt: '2026-12-04T00:00:00Z',
      },
      HostConfig: { RestartPolicy: { Name: 'unless-stopped' } },
      NetworkSettings: { Networks: {} },
      Mounts: [],
    });
  }
  json(404, { message: `synthetic engine: ${request.method ?? 'GET'} ${path} is not served` });
}

/** An SSH client double: streamlocal channels go to the host's fake engine socket, nothing else works. */
class ForwardingClient extends EventEmitter {
  constructor(private readonly socketDir: string) {
    super();
  }

  openssh_forwardOutStreamLocal(
    socketPath: string,
    callback: (error: Error | undefined, stream: unknown) => void,
  ): void {
    // The host's socket path names the engine: <dir>/<host>.sock.
    const stream = connect(join(this.socketDir, socketPath.split('/').at(-1) ?? ''));
    stream.once('connect', () => callback(undefined, stream));
    stream.once('error', (error) => callback(error, undefined));
  }

  exec(_command: string, callback: (error: Error | undefined) => void): void {
    callback(new Error('synthetic host: no exec'));
  }

  end(): void {
    this.emit('close');
  }
}

/** The core's SSH dialer for the synthetic fleet: every host answers at once with the test host key. */
export function fleetDialer(socketDir: string) {
  return (_target: DialTarget, _options: DialOptions): Promise<DialResult> =>
    Promise.resolve({
      ok: true,
      client: new ForwardingClient(socketDir) as unknown as Client,
      hostKey: HOST_KEY,
    });
}
