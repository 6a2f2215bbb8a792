// Starting and stopping the lab's daemons: sshd per host, dockerd per engine, two registries.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import {
  GiveUp,
  isAlive,
  readPidFile,
  run,
  runInNs,
  spawnDaemonInNs,
  stopByPidFile,
  waitFor,
} from './proc.js';
import {
  DOCKER_GROUP,
  HOSTS,
  LAB_MARK,
  REGISTRY_BASIC,
  REGISTRY_HTPASSWD,
  REGISTRY_NS,
  REGISTRY_PLAIN,
  USERS,
  type EngineName,
  type LabHostName,
  type LabPaths,
} from './topology.js';

const SSHD = '/usr/sbin/sshd';

/** Appends the end of a daemon's log to a startup error: the log usually says why. */
export async function withLogTail<T>(logFile: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    const log = await readFile(logFile, 'utf8').catch(() => '(no log)');
    const tail = log.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${(err as Error).message}\n--- ${logFile} (tail) ---\n${tail}`, { cause: err });
  }
}

export async function generateKey(file: string, passphrase = '', comment = LAB_MARK): Promise<void> {
  await rm(file, { force: true });
  await rm(`${file}.pub`, { force: true });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', file]);
}

// ---------- sshd ----------

function sshdConfig(paths: LabPaths, name: LabHostName): string {
  const host = HOSTS[name];
  const p = paths.sshd(name);
  const lines = [
    `ListenAddress ${host.ip}:22`,
    `HostKey ${p.hostKey}`,
    `PidFile ${p.pidFile}`,
    `AuthorizedKeysFile ${paths.authorizedKeys}`,
    'UsePAM no',
    'StrictModes no',
    'UseDNS no',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding yes',
    'AllowStreamLocalForwarding yes',
    // Tests open many connections in parallel; the default (10:30:100) would drop some of them.
    'MaxStartups 200',
    'MaxSessions 100',
    'LogLevel VERBOSE',
    'Subsystem sftp internal-sftp',
  ];
  // Lets `ssh host docker …` and `docker system dial-stdio` find this host's engine without flags.
  if (host.docker) lines.push(`SetEnv DOCKER_HOST=unix://${paths.engine(name as EngineName).socket}`);
  // Match blocks must come last: everything after Match belongs to it.
  lines.push(`Match User ${USERS.twlabnofwd}`, '  AllowStreamLocalForwarding no');
  return lines.join('\n') + '\n';
}

export async function prepareSshd(paths: LabPaths, name: LabHostName): Promise<void> {
  const p = paths.sshd(name);
  await mkdir(p.dir, { recursive: true, mode: 0o755 });
  await generateKey(p.hostKey, '', `${LAB_MARK}-${name}`);
  await writeFile(p.config, sshdConfig(paths, name));
}

export async function startSshd(paths: LabPaths, name: LabHostName): Promise<void> {
  const p = paths.sshd(name);
  await rm(p.pidFile, { force: true });
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation dir
  // sshd daemonizes itself and writes the pid file only after binding its listen socket: pid file = ready.
  const start = runInNs(HOSTS[name].ns, SSHD, ['-f', p.config, '-E', p.log]);
  await withLogTail(
    p.log,
    start.then(() => waitFor(`sshd on ${name}`, async () => alive(await readPidFile(p.pidFile)), 10_000)),
  );
}

export async function stopSshd(paths: LabPaths, name: LabHostName): Promise<void> {
  await stopByPidFile(paths.sshd(name).pidFile, paths.stateDir, 3_000);
}

function alive(pid: number | undefined): boolean {
  return pid !== undefined && isAlive(pid);
}

// ---------- dockerd ----------

/** Namespace of each engine: the builder engine lives next to the registry it pushes to. */
export function engineNs(name: EngineName): string {
  return name === 'builder' ? REGISTRY_NS : HOSTS[name].ns;
}

export async function startEngine(paths: LabPaths, name: EngineName): Promise<void> {
  const p = paths.engine(name);
  await mkdir(p.dir, { recursive: true, mode: 0o755 });
  await rm(p.pidFile, { force: true });
  // An explicit empty config file keeps the machine's /etc/docker/daemon.json out of the lab.
  await writeFile(p.configFile, '{}\n');
  const args = [
    `--host=unix://${p.socket}`,
    `--data-root=${p.dataRoot}`,
    `--exec-root=${p.execRoot}`,
    `--pidfile=${p.pidFile}`,
    `--config-file=${p.configFile}`,
    `--insecure-registry=${REGISTRY_PLAIN}`,
    `--insecure-registry=${REGISTRY_BASIC}`,
    `--group=${DOCKER_GROUP}`,
    // busybox httpd as PID 1 ignores SIGTERM; do not let every lab shutdown wait the default 15 s for it.
    '--shutdown-timeout=1',
  ];
  const pid = spawnDaemonInNs(engineNs(name), 'dockerd', args, p.log);
  const ready = async (): Promise<boolean> => {
    if (!isAlive(pid)) throw new GiveUp(`dockerd ${name} exited`);
    return enginePing(p.socket);
  };
  await withLogTail(p.log, waitFor(`dockerd ${name}`, ready, 30_000));
}

export async function stopEngine(paths: LabPaths, name: EngineName): Promise<void> {
  await stopByPidFile(paths.engine(name).pidFile, paths.stateDir, 10_000);
}

function enginePing(socketPath: string): Promise<boolean> {
  return httpStatus({ socketPath, path: '/_ping' }).then((s) => s === 200);
}

/** Minimal HTTP GET returning the status code; http.request does not consult proxy variables. */
export function httpStatus(target: { socketPath?: string; host?: string; port?: number; path: string }) {
  return new Promise<number>((resolve, reject) => {
    // agent: false: no keep-alive socket that would hold `lab up` open after it is done.
    const req = request({ ...target, method: 'GET', timeout: 2_000, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

// ---------- registry ----------

export type RegistryKind = 'plain' | 'basic';

function registryConfig(paths: LabPaths, kind: RegistryKind): string {
  const p = paths.registry(kind);
  const auth =
    kind === 'basic' ? ['auth:', '  htpasswd:', `    realm: ${LAB_MARK}`, `    path: ${p.htpasswd}`] : [];
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${p.storage}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${kind === 'plain' ? REGISTRY_PLAIN : REGISTRY_BASIC}`,
    // Set explicitly: without it the registry warns on every start (it would pick a random one as well).
    `  secret: ${randomBytes(16).toString('hex')}`,
    ...auth,
    '',
  ].join('\n');
}

export async function startRegistry(paths: LabPaths, kind: RegistryKind): Promise<void> {
  const p = paths.registry(kind);
  await mkdir(p.storage, { recursive: true });
  await writeFile(p.config, registryConfig(paths, kind));
  if (kind === 'basic') await writeFile(p.htpasswd, `${REGISTRY_HTPASSWD}\n`);
  const pid = spawnDaemonInNs(REGISTRY_NS, 'docker-registry', ['serve', p.config], p.log);
  await writeFile(p.pidFile, `${pid}\n`);
  const [host, port] = (kind === 'plain' ? REGISTRY_PLAIN : REGISTRY_BASIC).split(':');
  const ready = async (): Promise<boolean> => {
    if (!isAlive(pid)) throw new GiveUp(`docker-registry (${kind}) exited`);
    const status = await httpStatus({ host, port: Number(port), path: '/v2/' });
    return status === 200 || status === 401;
  };
  await withLogTail(p.log, waitFor(`registry ${kind}`, ready, 15_000));
}

export async function stopRegistry(paths: LabPaths, kind: RegistryKind): Promise<void> {
  await stopByPidFile(paths.registry(kind).pidFile, paths.stateDir, 3_000);
}
