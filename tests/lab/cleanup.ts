// Idempotent teardown: works on a healthy lab, a half-started one, and whatever a crashed run left behind.
import { access, readdir, readFile, rm, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { ENGINE_NAMES, HOST_NAMES, NAMESPACES, type EngineName, type LabPaths } from './topology.js';
import { dockerOn } from './images.js';
import { stopEngine, stopRegistry, stopSshd } from './daemons.js';
import { teardownNetwork } from './network.js';
import {
  isGone,
  listProcesses,
  netnsPath,
  run,
  selfAndAncestors,
  sleep,
  trySignal,
  withDescendants,
  type ProcInfo,
} from './proc.js';
import { deleteUsers, labUserIds } from './users.js';

/** Daemons that may carry the state dir in their command line; anything else is only killed via ns/uid. */
const LAB_DAEMONS = /^(dockerd|containerd|containerd-shim.*|docker-proxy|docker-registry|sshd|runc)$/;

export async function cleanupLab(paths: LabPaths): Promise<void> {
  await assertSafeStateDir(paths.stateDir);
  await stopDaemonsGracefully(paths);
  await killLeftovers(paths.stateDir);
  await unmountUnder(paths.stateDir);
  await teardownNetwork();
  await deleteUsers();
  await rm(paths.stateDir, { recursive: true, force: true });
}

/** Graceful first: dockerd then stops its containers and unmounts its layers itself. */
async function stopDaemonsGracefully(paths: LabPaths): Promise<void> {
  if (!(await exists(paths.stateDir))) return;
  await Promise.all([
    ...ENGINE_NAMES.map((e) => killContainers(paths, e).then(() => stopEngine(paths, e))),
    ...HOST_NAMES.map((h) => stopSshd(paths, h)),
    stopRegistry(paths, 'plain'),
    stopRegistry(paths, 'basic'),
  ]);
}

/**
 * dockerd's shutdown waits each container's stop timeout (10 s unless set per container); the lab is going
 * away anyway, so kill them first.
 */
async function killContainers(paths: LabPaths, engine: EngineName): Promise<void> {
  const socket = paths.engine(engine).socket;
  if (!(await exists(socket))) return;
  const ids = await dockerOn(paths, engine, ['ps', '-q']).catch(() => '');
  const list = ids.split('\n').filter(Boolean);
  if (list.length > 0) await dockerOn(paths, engine, ['kill', ...list]).catch(() => undefined);
}

/** Kills what is still running in a lab namespace, as a lab user, or as a daemon using the state dir. */
async function killLeftovers(stateDir: string): Promise<void> {
  const procs = await listProcesses();
  const nsIds = new Set(await labNetnsIds());
  const uids = new Set(await labUserIds());
  const isLab = (p: ProcInfo): boolean =>
    nsIds.has(p.netns) || uids.has(p.uid) || (LAB_DAEMONS.test(p.comm) && p.cmdline.includes(stateDir));
  const roots = new Set(procs.filter(isLab).map((p) => p.pid));
  const victims = withDescendants(procs, roots);
  for (const pid of selfAndAncestors(procs)) victims.delete(pid);
  await killAll([...victims]);
}

export async function killAll(pids: number[]): Promise<void> {
  for (const pid of pids) trySignal(pid, 'SIGKILL');
  const deadline = Date.now() + 5_000;
  while (pids.some((pid) => !isGone(pid)) && Date.now() < deadline) await sleep(20);
}

async function labNetnsIds(): Promise<string[]> {
  const ids = await Promise.all(
    NAMESPACES.map((s) =>
      stat(netnsPath(s.ns)).then(
        (st) => `net:[${st.ino}]`,
        () => '',
      ),
    ),
  );
  return ids.filter(Boolean);
}

/** Overlay layers and container netns files of a killed dockerd stay mounted; rm -rf needs them gone. */
async function unmountUnder(dir: string): Promise<void> {
  const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
  const points = mountinfo
    .split('\n')
    .map((line) => unescapeMount(line.split(' ')[4] ?? ''))
    .filter((mp) => mp.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const mp of new Set(points)) await run('umount', ['-l', mp]).catch(() => undefined);
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The state dir is removed recursively; refuse anything that does not look like a lab dir. */
async function assertSafeStateDir(dir: string): Promise<void> {
  const abs = resolve(dir);
  if (!isAbsolute(dir) || abs.split('/').filter(Boolean).length < 2) {
    throw new Error(`refusing to use lab state dir '${dir}': need an absolute path at least two levels deep`);
  }
  const entries = await readdir(abs).catch(() => [] as string[]);
  const known = new Set([
    'lab.json',
    'hosts',
    'keys',
    'home',
    'registry',
    'docker-config',
    'build',
    'ssh_config',
  ]);
  const foreign = entries.filter((e) => !known.has(e));
  if (foreign.length > 0) {
    throw new Error(
      `refusing to clean lab state dir '${abs}': it holds files the lab did not make (${foreign})`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
