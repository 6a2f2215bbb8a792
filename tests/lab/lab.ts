// The Tidewatch test lab: real sshd, dockerd and registry daemons in network namespaces.
// startLab() builds it from scratch (cleaning up any earlier run first), stopLab() removes every trace.
// Topology and usage: tests/lab/README.md.
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { access, chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { cleanupLab, killAll } from './cleanup.js';
import {
  engineNs,
  generateKey,
  httpStatus,
  prepareSshd,
  startEngine,
  startRegistry,
  startSshd,
  stopSshd,
} from './daemons.js';
import {
  buildAndPushImage as buildAndPush,
  dockerBinary,
  dockerOn,
  prepareBuilder,
  type BuildImageOptions,
  type PushedImage,
} from './images.js';
import { setupNetwork } from './network.js';
import { isAlive, listProcesses, netnsPath, readPidFile, run, withDescendants } from './proc.js';
import {
  DOCKER_HOST_NAMES,
  ENGINE_NAMES,
  HOST_NAMES,
  HOSTS,
  KEY_PASSPHRASE,
  REGISTRY_BASIC,
  REGISTRY_PASSWORD,
  REGISTRY_PLAIN,
  REGISTRY_USER,
  USERS,
  USER_PASSWORD,
  labPaths,
  type DockerHostName,
  type EngineName,
  type LabHostName,
  type LabPaths,
} from './topology.js';
import { createUsers } from './users.js';

export type { BuildImageOptions, PushedImage } from './images.js';
export type { DockerHostName, EngineName, LabHostName, LabPaths } from './topology.js';
export { labPaths } from './topology.js';

export interface LabHost {
  name: LabHostName;
  ip: string;
  port: 22;
  /** engine socket path; the same path is valid on the host over SSH (stream-local forwarding) */
  dockerSocket?: string;
  netns: string;
  /** set for dock3: reachable only through this host (ProxyJump) */
  via?: LabHostName;
}

export interface LabImage {
  /** registry/repository, e.g. 10.231.0.10:5000/lab/web */
  repo: string;
  /** tag -> manifest digest as pushed by startLab */
  tags: Record<string, string>;
}

export interface LabInfo {
  hosts: Record<LabHostName, LabHost>;
  users: typeof USERS;
  passwords: { twlab: string; twlabnofwd: string };
  keys: { plain: string; pass: string; passphrase: string };
  registries: { plain: string; basic: string; basicUser: string; basicPassword: string };
  images: { web: LabImage; webBasic: LabImage; sick: LabImage };
  /** containers startLab created, per docker host */
  containers: { dock1: string[]; dock2: string[] };
  /** ssh client config with aliases dock1, dock2, dock3 (via jump), jump */
  sshConfig: string;
  /** DOCKER_CONFIG dir holding the basic-registry login (never the user's ~/.docker) */
  dockerConfig: string;
  stateDir: string;
  /** wall time startLab took */
  startedMs: number;
}

export interface StartLabOptions {
  /** overrides TIDEWATCH_LAB_DIR / /tmp/tidewatch-lab (and exports it for child processes) */
  stateDir?: string;
  /** progress messages; default silent */
  log?: (message: string) => void;
  /** keep a half-started lab for inspection instead of cleaning up after a failed start */
  keepOnFailure?: boolean;
}

const REQUIRED_TOOLS: Array<[string, string]> = [
  ['ip', 'iproute2'],
  ['nsenter', 'util-linux'],
  ['iptables', 'iptables'],
  ['/usr/sbin/sshd', 'openssh-server'],
  ['ssh-keygen', 'openssh-client'],
  ['dockerd', 'docker.io'],
  ['docker-registry', 'docker-registry'],
  ['/bin/busybox', 'busybox-static'],
  ['useradd', 'passwd'],
];

export async function startLab(opts: StartLabOptions = {}): Promise<LabInfo> {
  const started = Date.now();
  if (opts.stateDir) process.env.TIDEWATCH_LAB_DIR = opts.stateDir;
  const paths = labPaths();
  const log = (msg: string): void =>
    opts.log?.(`[lab +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
  try {
    await checkPrerequisites(paths.stateDir);
    log('cleaning up earlier runs');
    await cleanupLab(paths);
  } catch (err) {
    throw new Error(`tidewatch lab cannot start: ${(err as Error).message}`, { cause: err });
  }
  try {
    const info = await buildLab(paths, log);
    info.startedMs = Date.now() - started;
    await writeFile(paths.labJson, JSON.stringify(info, null, 2) + '\n');
    log(`ready in ${info.startedMs} ms`);
    return info;
  } catch (err) {
    if (!opts.keepOnFailure) await cleanupLab(paths).catch(() => undefined);
    throw new Error(`tidewatch lab failed to start: ${(err as Error).message}`, { cause: err });
  }
}

async function buildLab(paths: LabPaths, log: (msg: string) => void): Promise<LabInfo> {
  await mkdir(paths.stateDir, { recursive: true, mode: 0o755 });
  // Lab users read authorized_keys and reach docker.sock below it, so the dir must be traversable.
  await chmod(paths.stateDir, 0o755);
  log('network, keys, users');
  await Promise.all([setupNetwork(), createClientKeys(paths), createUsers(paths)]);
  await Promise.all(HOST_NAMES.map((h) => prepareSshd(paths, h)));
  log('starting sshd, dockerd, registries');
  await Promise.all([
    ...HOST_NAMES.map((h) => startSshd(paths, h)),
    ...ENGINE_NAMES.map((e) => startEngine(paths, e)),
    startRegistry(paths, 'plain'),
    startRegistry(paths, 'basic'),
  ]);
  log('building and pushing images');
  await prepareBuilder(paths);
  const images = await pushTestImages(paths);
  log('starting containers');
  const containers = await startContainers(paths);
  return labInfo(paths, images, containers);
}

async function checkPrerequisites(stateDir: string): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the lab needs root (network namespaces, users, dockerd)');
  await checkTraversable(dirname(stateDir));
  const tools: Array<[string, string]> = [...REQUIRED_TOOLS, [dockerBinary(), 'docker.io']];
  const found = await Promise.all(tools.map(([tool]) => toolExists(tool)));
  const missing = tools.filter((_t, i) => !found[i]).map(([tool, pkg]) => `${tool} (Debian package ${pkg})`);
  if (missing.length > 0) throw new Error(`missing tools: ${missing.join(', ')}`);
  // Debian's plain `busybox` package also installs /bin/busybox, but linked dynamically: useless FROM scratch.
  if (!(await isStaticElf('/bin/busybox')))
    throw new Error('/bin/busybox is not static: install busybox-static');
}

/** Lab users must reach authorized_keys and docker.sock inside the state dir, e.g. not below /root (0700). */
async function checkTraversable(dir: string): Promise<void> {
  for (let d = dir; ; d = dirname(d)) {
    const mode = (await stat(d).catch(() => undefined))?.mode;
    if (mode !== undefined && (mode & 0o001) === 0) {
      throw new Error(`state dir parent ${d} is not world-traversable; choose another TIDEWATCH_LAB_DIR`);
    }
    if (d === '/') return;
  }
}

async function toolExists(tool: string): Promise<boolean> {
  const probe = tool.startsWith('/') ? access(tool) : run('sh', ['-c', `command -v ${tool}`]);
  return probe.then(
    () => true,
    () => false,
  );
}

/** True when the 64-bit ELF file has no PT_INTERP program header, i.e. needs no dynamic loader. */
async function isStaticElf(file: string): Promise<boolean> {
  const elf = await readFile(file);
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    if (elf.readUInt32LE(phoff + i * phentsize) === 3) return false; // PT_INTERP
  }
  return true;
}

async function createClientKeys(paths: LabPaths): Promise<void> {
  await mkdir(paths.keysDir, { recursive: true, mode: 0o755 });
  await Promise.all([
    generateKey(paths.plainKey, '', 'tidewatch-lab-plain'),
    generateKey(paths.passKey, KEY_PASSPHRASE, 'tidewatch-lab-pass'),
  ]);
  const pubs = await Promise.all([paths.plainKey, paths.passKey].map((k) => readFile(`${k}.pub`, 'utf8')));
  await writeFile(paths.authorizedKeys, pubs.join(''), { mode: 0o644 });
  await writeFile(paths.sshConfig, sshClientConfig(paths));
}

/** Host aliases for the lab; ssh passes -F on to the ProxyJump hop, plain -o options it does not. */
function sshClientConfig(paths: LabPaths): string {
  const hosts = HOST_NAMES.flatMap((name) => {
    const h = HOSTS[name];
    return [`Host ${name}`, `  HostName ${h.ip}`, ...(h.via ? [`  ProxyJump ${h.via}`] : [])];
  });
  const defaults = [
    'Host *',
    `  User ${USERS.twlab}`,
    `  IdentityFile ${paths.plainKey}`,
    '  IdentitiesOnly yes',
    '  StrictHostKeyChecking no',
    '  UserKnownHostsFile /dev/null',
    '  BatchMode yes',
    '  LogLevel ERROR',
  ];
  return ['# Tidewatch lab: ssh -F <this file> dock1 docker ps', ...hosts, ...defaults, ''].join('\n');
}

const WEB_VERSIONS = ['1.0.0', '1.1.0', '2.0.0'];

async function pushTestImages(paths: LabPaths): Promise<LabInfo['images']> {
  const registry = [REGISTRY_PLAIN, REGISTRY_BASIC];
  const webPushes = WEB_VERSIONS.map((tag) =>
    buildAndPush(paths, { repo: 'lab/web', tag, registry, extraTags: tag === '1.0.0' ? ['latest'] : [] }),
  );
  const sickPush = buildAndPush(paths, { repo: 'lab/sick', tag: '1.0.0', healthy: false });
  const [web, sick] = await Promise.all([Promise.all(webPushes), sickPush]);
  const webTags: Record<string, string> = {};
  web.forEach((pushed, i) => {
    const tag = WEB_VERSIONS[i] ?? '';
    webTags[tag] = pushed.digest;
    if (tag === '1.0.0') webTags.latest = pushed.digest;
  });
  return {
    web: { repo: `${REGISTRY_PLAIN}/lab/web`, tags: webTags },
    webBasic: { repo: `${REGISTRY_BASIC}/lab/web`, tags: { ...webTags } },
    sick: { repo: `${REGISTRY_PLAIN}/lab/sick`, tags: { '1.0.0': sick.digest } },
  };
}

const COMPOSE_LABELS = [
  'com.docker.compose.project=shop',
  'com.docker.compose.service=web',
  'com.docker.compose.container-number=1',
  'com.docker.compose.oneoff=False',
];

/** Each host pulls from the registry itself, through the namespaces, like a real remote host would. */
async function startContainers(paths: LabPaths): Promise<LabInfo['containers']> {
  const web = (tag: string): string => `${REGISTRY_PLAIN}/lab/web:${tag}`;
  const dock1 = (async () => {
    await dockerOn(paths, 'dock1', ['pull', '-q', web('1.0.0')]);
    const labels = COMPOSE_LABELS.flatMap((l) => ['--label', l]);
    await dockerOn(paths, 'dock1', [
      'run',
      '-d',
      '--name',
      'web1',
      '--restart',
      'no',
      ...labels,
      web('1.0.0'),
    ]);
    await dockerOn(paths, 'dock1', ['create', '--name', 'idle1', '--restart', 'no', web('1.0.0')]);
  })();
  const dock2 = (async () => {
    await dockerOn(paths, 'dock2', ['pull', '-q', web('1.1.0')]);
    await dockerOn(paths, 'dock2', ['run', '-d', '--name', 'web2', '--restart', 'no', web('1.1.0')]);
  })();
  await Promise.all([dock1, dock2]);
  return { dock1: ['web1', 'idle1'], dock2: ['web2'] };
}

function labInfo(paths: LabPaths, images: LabInfo['images'], containers: LabInfo['containers']): LabInfo {
  const hosts = {} as Record<LabHostName, LabHost>; // filled for every name just below
  for (const name of HOST_NAMES) {
    const h = HOSTS[name];
    hosts[name] = { name, ip: h.ip, port: 22, netns: h.ns };
    if (h.docker) hosts[name].dockerSocket = paths.engine(name as DockerHostName).socket;
    if (h.via) hosts[name].via = h.via;
  }
  return {
    hosts,
    users: USERS,
    passwords: { twlab: USER_PASSWORD, twlabnofwd: USER_PASSWORD },
    keys: { plain: paths.plainKey, pass: paths.passKey, passphrase: KEY_PASSPHRASE },
    registries: {
      plain: REGISTRY_PLAIN,
      basic: REGISTRY_BASIC,
      basicUser: REGISTRY_USER,
      basicPassword: REGISTRY_PASSWORD,
    },
    images,
    containers,
    sshConfig: paths.sshConfig,
    dockerConfig: paths.dockerConfig,
    stateDir: paths.stateDir,
    startedMs: 0,
  };
}

/** Stops every daemon, deletes namespaces, bridges, iptables rules, lab users and the state dir. */
export async function stopLab(opts: { stateDir?: string } = {}): Promise<void> {
  await cleanupLab(labPaths(opts.stateDir));
}

/** lab.json of a lab started earlier (e.g. by `lab:up`), or undefined. */
export async function readLabInfo(stateDir?: string): Promise<LabInfo | undefined> {
  const text = await readFile(labPaths(stateDir).labJson, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as LabInfo);
}

/** What is wrong with a running lab; empty when every daemon answers. */
export async function labProblems(info: LabInfo): Promise<string[]> {
  const paths = labPaths(info.stateDir);
  const problems: string[] = [];
  const check = async (what: string, probe: () => Promise<boolean>): Promise<void> => {
    if (!(await probe().catch(() => false))) problems.push(what);
  };
  await Promise.all([
    ...HOST_NAMES.map((h) => check(`sshd ${h} not running`, async () => pidAlive(paths.sshd(h).pidFile))),
    ...ENGINE_NAMES.map((e) =>
      check(
        `dockerd ${e} not answering`,
        async () => (await httpStatus({ socketPath: paths.engine(e).socket, path: '/_ping' })) === 200,
      ),
    ),
    ...[REGISTRY_PLAIN, REGISTRY_BASIC].map((r) =>
      check(`registry ${r} not answering`, async () => {
        const [host, port] = r.split(':');
        return [200, 401].includes(await httpStatus({ host, port: Number(port), path: '/v2/' }));
      }),
    ),
  ]);
  return problems;
}

async function pidAlive(pidFile: string): Promise<boolean> {
  const pid = await readPidFile(pidFile);
  return pid !== undefined && isAlive(pid);
}

// ---------- control helpers for tests ----------

/** Builds a busybox web image on the lab's builder engine and pushes it (default: the anonymous registry). */
export function buildAndPushImage(opts: BuildImageOptions): Promise<PushedImage> {
  return buildAndPush(labPaths(), opts);
}

/** Runs the docker CLI directly against a host's engine socket (no SSH); returns stdout. */
export function dockerCli(host: EngineName, args: string[]): Promise<string> {
  return dockerOn(labPaths(), host, args);
}

export async function startSshdOn(host: LabHostName): Promise<void> {
  await startSshd(labPaths(), host);
}

/** Stops the listening sshd; established sessions stay up (as with a real sshd). */
export async function stopSshdOn(host: LabHostName): Promise<void> {
  await stopSshd(labPaths(), host);
}

export async function restartSshd(host: LabHostName): Promise<void> {
  await stopSshdOn(host);
  await startSshdOn(host);
}

/**
 * Kills every established SSH connection to `host` (sshd's per-connection processes and what runs below them),
 * so clients see their socket close. The listener stays up. Returns how many connection processes were killed.
 */
export async function killSshConnections(host: LabHostName): Promise<number> {
  const listener = await readPidFile(labPaths().sshd(host).pidFile);
  const nsId = await netnsId(HOSTS[host].ns);
  const procs = await listProcesses();
  const sessions = procs.filter((p) => p.netns === nsId && p.comm === 'sshd' && p.pid !== listener);
  await killAll([...withDescendants(procs, new Set(sessions.map((p) => p.pid)))]);
  return sessions.length;
}

async function netnsId(ns: string): Promise<string> {
  return `net:[${(await stat(netnsPath(ns))).ino}]`;
}

/** Gives `host` a new ed25519 host key and restarts its sshd; returns the new fingerprint. */
export async function regenerateHostKey(host: LabHostName): Promise<string> {
  const p = labPaths().sshd(host);
  await generateKey(p.hostKey, '', `tidewatch-lab-${host}`);
  await restartSshd(host);
  return hostKeyFingerprint(host);
}

/** OpenSSH-style fingerprint of the host's current key: `SHA256:` + unpadded base64 of the key blob's hash. */
export async function hostKeyFingerprint(host: LabHostName): Promise<string> {
  const pub = await readFile(`${labPaths().sshd(host).hostKey}.pub`, 'utf8');
  const blob = Buffer.from(pub.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The host key line as it would appear in known_hosts (`<ip> ssh-ed25519 AAAA…`). */
export async function hostKnownHostsLine(host: LabHostName): Promise<string> {
  const pub = await readFile(`${labPaths().sshd(host).hostKey}.pub`, 'utf8');
  const [type, key] = pub.trim().split(/\s+/);
  return `${HOSTS[host].ip} ${type} ${key}`;
}

/** Namespace of a host, e.g. for `nsenter --net=…` in tests that need to act from inside it. */
export function hostNetns(host: LabHostName | 'builder'): string {
  return netnsPath(host === 'builder' ? engineNs('builder') : HOSTS[host].ns);
}

export { DOCKER_HOST_NAMES };
