/**
 * A real Caddy 2.6 in the lab, for reverse-proxy tests. The image is Debian's `caddy` binary with the
 * libraries `ldd` lists (libzstd, libc, the loader) at the same paths in a scratch image (LAB.md), built on
 * the engine that runs it (`twlab/caddy:2.6`, built once per engine; a fresh lab builds it again).
 *
 * Its initial config only opens the admin API on 0.0.0.0:2019: a wildcard admin listener turns Caddy's
 * Host check off, so requests addressed to the container's IP are accepted (Origin is only checked when
 * enforce_origin is set, which it is not). Logs go to stdout, so `docker logs` shows every admin request.
 *
 * API:
 *   const caddy = await startCaddy({ engine: 'dock1', network: 'me-net', name: 'me-caddy', publish })
 *   caddy.ip / caddy.adminAddress / caddy.url (when published)
 *   await adminWrites(caddy)   // admin requests that were not GETs, from Caddy's own log
 *   await stopCaddy(caddy)     // e.g. to see a provider answer UNAVAILABLE
 *   await removeCaddy(caddy)   // the container; the network is the caller's
 *   const ssh = await sshDialer(lab, 'dock1'); ssh.dial(caddy.ip, 2019)   // a channel, as production does
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { dockerCli, type DockerHostName, type EngineName, type LabInfo } from '../../lab/lab';

export const CADDY_IMAGE = 'twlab/caddy:2.6';
export const CADDY_ADMIN_PORT = 2019;

const CADDY_BINARY = '/usr/bin/caddy';
/** What `ldd /usr/bin/caddy` lists on Debian 12 (besides the vDSO). */
const CADDY_LIBS = [
  '/lib/x86_64-linux-gnu/libzstd.so.1',
  '/lib/x86_64-linux-gnu/libc.so.6',
  '/lib64/ld-linux-x86-64.so.2',
];
const INITIAL_CONFIG = {
  admin: { listen: `0.0.0.0:${CADDY_ADMIN_PORT}`, config: { persist: false } },
  logging: { logs: { default: { writer: { output: 'stdout' }, level: 'INFO' } } },
};

export interface LabCaddy {
  engine: EngineName;
  name: string;
  network: string;
  /** The container's address on `network`, as the Docker host (and an SSH channel from it) sees it. */
  ip: string;
  /** `ip:2019` */
  adminAddress: string;
  /** `http://<hostIp>:<port>` when :80 is published, for requests from the test machine. */
  url?: string;
  /** `https://<hostIp>:<tlsPort>` when :443 is published. */
  tlsUrl?: string;
}

export interface StartCaddyOptions {
  engine: EngineName;
  /** Created (bridge) when missing; removing it is the caller's job. */
  network: string;
  /** Container name (use your prefix); an earlier container of that name is replaced. */
  name: string;
  /**
   * Publishes Caddy's :80 on the lab host's address, e.g. { hostIp: '10.231.0.11', port: 18480 }, and
   * its :443 too when `tlsPort` is given.
   */
  publish?: { hostIp: string; port: number; tlsPort?: number };
}

/** Builds the image on `engine` unless it is there already; answers its name. */
export async function ensureCaddyImage(engine: EngineName): Promise<string> {
  const present = await dockerCli(engine, ['image', 'inspect', CADDY_IMAGE]).then(
    () => true,
    () => false,
  );
  if (present) return CADDY_IMAGE;
  const dir = await mkdtemp(join(tmpdir(), 'tw-caddy-'));
  try {
    for (const file of [CADDY_BINARY, ...CADDY_LIBS]) {
      await mkdir(join(dir, 'root', file, '..'), { recursive: true });
      await copyFile(file, join(dir, 'root', file));
    }
    await mkdir(join(dir, 'root', 'etc', 'caddy'), { recursive: true });
    await writeFile(join(dir, 'root', 'etc', 'caddy', 'caddy.json'), JSON.stringify(INITIAL_CONFIG));
    // Caddy wants a data dir (certificate storage) even for plain HTTP; scratch has no /data to start with.
    for (const empty of ['data', 'config', 'tmp']) {
      await mkdir(join(dir, 'root', empty), { recursive: true });
      await writeFile(join(dir, 'root', empty, '.keep'), '');
    }
    const dockerfile = [
      'FROM scratch',
      'COPY root/ /',
      'ENV XDG_DATA_HOME=/data XDG_CONFIG_HOME=/config HOME=/data TMPDIR=/tmp',
      'EXPOSE 80 2019',
      'CMD ["/usr/bin/caddy", "run", "--config", "/etc/caddy/caddy.json"]',
      '',
    ].join('\n');
    await writeFile(join(dir, 'Dockerfile'), dockerfile);
    await dockerCli(engine, ['build', '-q', '-t', CADDY_IMAGE, dir]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return CADDY_IMAGE;
}

/** Runs Caddy on the network and waits until its admin API serves its initial config. */
export async function startCaddy(options: StartCaddyOptions): Promise<LabCaddy> {
  const { engine, network, name, publish } = options;
  await ensureCaddyImage(engine);
  await dockerCli(engine, ['network', 'inspect', network]).catch(() =>
    dockerCli(engine, ['network', 'create', network]),
  );
  await dockerCli(engine, ['rm', '-f', name]).catch(() => undefined);
  const ports = publish ? ['-p', `${publish.hostIp}:${publish.port}:80`] : [];
  if (publish?.tlsPort) ports.push('-p', `${publish.hostIp}:${publish.tlsPort}:443`);
  await dockerCli(engine, ['run', '-d', '--name', name, '--network', network, ...ports, CADDY_IMAGE]);
  await waitForLog(engine, name, 'serving initial configuration');
  const ip = (
    await dockerCli(engine, [
      'inspect',
      '-f',
      `{{(index .NetworkSettings.Networks ${JSON.stringify(network)}).IPAddress}}`,
      name,
    ])
  ).trim();
  if (!ip) throw new Error(`Caddy container ${name} has no address on ${network}`);
  return {
    engine,
    name,
    network,
    ip,
    adminAddress: `${ip}:${CADDY_ADMIN_PORT}`,
    ...(publish ? { url: `http://${publish.hostIp}:${publish.port}` } : {}),
    ...(publish?.tlsPort ? { tlsUrl: `https://${publish.hostIp}:${publish.tlsPort}` } : {}),
  };
}

/** Stops the container (it keeps its name and config; `docker start` brings it back with a fresh config). */
export async function stopCaddy(caddy: Pick<LabCaddy, 'engine' | 'name'>): Promise<void> {
  await dockerCli(caddy.engine, ['stop', caddy.name]);
}

export async function removeCaddy(caddy: Pick<LabCaddy, 'engine' | 'name'>): Promise<void> {
  await dockerCli(caddy.engine, ['rm', '-f', caddy.name]).catch(() => undefined);
}

/** Admin API requests other than GET that Caddy logged (every one of them is a config load). */
export async function adminWrites(caddy: Pick<LabCaddy, 'engine' | 'name'>): Promise<string[]> {
  const log = await dockerCli(caddy.engine, ['logs', caddy.name]);
  return log
    .split('\n')
    .filter((line) => line.includes('"logger":"admin.api"') && line.includes('"msg":"received request"'))
    .map((line) => JSON.parse(line) as { method: string; uri: string })
    .filter((entry) => entry.method !== 'GET')
    .map((entry) => `${entry.method} ${entry.uri}`);
}

async function waitForLog(engine: EngineName, name: string, text: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const log = await dockerCli(engine, ['logs', name]).catch(() => '');
    if (log.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`Caddy container ${name} did not start:\n${log.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * An SSH connection to a lab host (user twlab, key id_plain) whose `dial(ip, port)` opens a direct-tcpip
 * channel from that host: how production reaches the admin API of a Caddy container. The lab is shared and
 * other tests kill SSH connections on purpose, so a lost connection is opened again at the next dial.
 */
export async function sshDialer(
  lab: LabInfo,
  host: DockerHostName,
): Promise<{ dial: (ip: string, port: number) => Promise<Duplex>; close: () => void }> {
  let current: Promise<Client> | null = null;
  let closed = false;
  const connection = (): Promise<Client> => {
    current ??= connectSsh(lab, host, () => {
      current = null;
    });
    // A failed connect is not kept: the next dial tries again.
    current.catch(() => (current = null));
    return current;
  };
  await connection();
  const dial = async (ip: string, port: number): Promise<Duplex> => {
    if (closed) throw new Error('the SSH dialer is closed');
    const client = await connection();
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, ip, port, (error, channel) => {
        if (error) reject(error);
        else {
          channel.on('error', () => undefined);
          resolve(channel);
        }
      });
    });
  };
  const close = () => {
    closed = true;
    void current?.then((client) => client.end()).catch(() => undefined);
  };
  return { dial, close };
}

function connectSsh(lab: LabInfo, host: DockerHostName, onClose: () => void): Promise<Client> {
  const client = new Client();
  return new Promise((resolve, reject) => {
    client.on('error', reject);
    client.on('close', onClose);
    client.once('ready', () => resolve(client));
    client.connect({
      host: lab.hosts[host].ip,
      port: lab.hosts[host].port,
      username: lab.users.twlab,
      privateKey: readFileSync(lab.keys.plain),
      readyTimeout: 30_000,
      keepaliveInterval: 5_000,
    });
  });
}

/**
 * One GET of `/` through a published proxy port for `hostname` (fetch cannot set a Host header): status and
 * body, or status 0 and '' when the request failed.
 */
export function getThroughProxy(
  address: string,
  port: number,
  hostname: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      { host: address, port, path: '/', headers: { host: hostname, connection: 'close' } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', () => resolve({ status: 0, body }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}
