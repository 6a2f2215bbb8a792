// Process helpers for the lab: run commands, start daemons inside network namespaces, find and kill
// the processes the lab owns. Everything shells out through child_process; nothing here needs a shell.
import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: number | string | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`command failed (${String(code)}): ${command}\n${(stderr || stdout).trim().slice(-2000)}`);
  }
}

/** Runs a command to completion and returns its stdout; throws CommandError with stderr on failure. */
export async function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  if (opts.input !== undefined) return runWithInput(cmd, args, opts);
  try {
    const { stdout } = await execFileAsync(cmd, args, {
      env: opts.env ?? labEnv(),
      cwd: opts.cwd,
      timeout: opts.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    // execFile's error carries code/stdout/stderr; the type says only Error.
    const e = err as Error & { code?: number | string; stdout?: string; stderr?: string };
    throw new CommandError([cmd, ...args].join(' '), e.code ?? null, e.stdout ?? '', e.stderr ?? e.message);
  }
}

function runWithInput(cmd: string, args: string[], opts: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? labEnv(), cwd: opts.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => reject(new CommandError([cmd, ...args].join(' '), null, stdout, err.message)));
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new CommandError([cmd, ...args].join(' '), code, stdout, stderr));
    });
    child.stdin.on('error', () => undefined); // EPIPE when the command exits early; 'close' reports it
    child.stdin.end(opts.input);
  });
}

/** Like run() but never throws: cleanup paths use it for steps that may legitimately have nothing to do. */
export async function tryRun(cmd: string, args: string[], opts: RunOptions = {}): Promise<boolean> {
  try {
    await run(cmd, args, opts);
    return true;
  } catch {
    return false;
  }
}

/**
 * Environment for every lab child process: no proxies (daemons would try to reach them for lab addresses)
 * and no DOCKER_* settings of the developer leaking into the lab's docker CLI calls.
 */
export function labEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/proxy$/i.test(k) || /^DOCKER_/.test(k)) continue;
    env[k] = v;
  }
  env.PATH = `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH ?? ''}`;
  return { ...env, ...extra };
}

export function netnsPath(ns: string): string {
  return `/var/run/netns/${ns}`;
}

/** Runs a command inside a lab network namespace (nsenter, not `ip netns exec`: that remounts /sys). */
export function runInNs(ns: string, cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return run('nsenter', [`--net=${netnsPath(ns)}`, cmd, ...args], opts);
}

/**
 * Starts a long-running daemon inside a namespace, detached so that `lab up` can exit and leave it running.
 * nsenter execs the target directly (no fork for --net only), so the returned pid is the daemon's.
 */
export function spawnDaemonInNs(ns: string, cmd: string, args: string[], logFile: string): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn('nsenter', [`--net=${netnsPath(ns)}`, cmd, ...args], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: labEnv(),
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not spawn ${cmd} in ${ns}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Thrown by a waitFor probe to stop waiting at once (e.g. the daemon exited). */
export class GiveUp extends Error {}

/** Polls `probe` until it returns true; throws a message naming what we waited for. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    const ok = await probe().catch((err: unknown) => {
      if (err instanceof GiveUp) throw err;
      return false; // not ready yet (connection refused and the like)
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(delay);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readPidFile(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

export async function cmdlineOf(pid: number): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return raw.split('\0').join(' ').trim();
}

/** Sends `signal`, then waits for the process to go; escalates to SIGKILL after `graceMs`. */
export async function terminate(
  pid: number,
  graceMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (isGone(pid)) return;
  trySignal(pid, signal);
  const deadline = Date.now() + graceMs;
  while (!isGone(pid) && Date.now() < deadline) await sleep(25);
  if (isGone(pid)) return;
  trySignal(pid, 'SIGKILL');
  while (!isGone(pid)) await sleep(10);
}

/**
 * Gone = does not exist or is a zombie. A zombie holds no resources any more; only its parent (often not us)
 * can reap it, so waiting for it to vanish could hang.
 */
export function isGone(pid: number): boolean {
  if (!isAlive(pid)) return true;
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

export function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Stops a daemon by its pid file, but only if that pid still looks like ours (pids get reused). */
export async function stopByPidFile(pidFile: string, marker: string, graceMs: number): Promise<void> {
  const pid = await readPidFile(pidFile);
  if (pid === undefined || !(await cmdlineOf(pid)).includes(marker)) return;
  await terminate(pid, graceMs);
}

export interface ProcInfo {
  pid: number;
  ppid: number;
  uid: number;
  comm: string;
  cmdline: string;
  netns: string;
}

/** A snapshot of all processes: enough to find the lab's processes by state dir, namespace or user. */
export async function listProcesses(): Promise<ProcInfo[]> {
  const entries = await readdir('/proc');
  const infos = await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map((e) => procInfo(Number(e))));
  return infos.filter((p): p is ProcInfo => p !== undefined);
}

async function procInfo(pid: number): Promise<ProcInfo | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): string => new RegExp(`^${name}:\\s*(\\S+)`, 'm').exec(status)?.[1] ?? '';
    const netns = await readlink(`/proc/${pid}/ns/net`).catch(() => '');
    return {
      pid,
      ppid: Number(field('PPid')),
      uid: Number(field('Uid')),
      comm: field('Name'),
      cmdline: await cmdlineOf(pid),
      netns,
    };
  } catch {
    return undefined;
  }
}

/** The given pids plus all their descendants (containers hang below containerd shims, sessions below sshd). */
export function withDescendants(procs: ProcInfo[], roots: Set<number>): Set<number> {
  const result = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of procs) {
      if (!result.has(p.pid) && result.has(p.ppid)) {
        result.add(p.pid);
        grew = true;
      }
    }
  }
  return result;
}

/** Our own process and its ancestors must never be killed by a sweep. */
export function selfAndAncestors(procs: ProcInfo[]): Set<number> {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const result = new Set<number>();
  for (let pid = process.pid; pid > 0 && !result.has(pid); pid = byPid.get(pid)?.ppid ?? 0) result.add(pid);
  return result;
}
