/**
 * Finds hosts the user already reaches with OpenSSH: every concrete `Host` alias of ~/.ssh/config
 * (HostName, User, Port, IdentityFile, ProxyJump, with `Host *` defaults applied) and every readable host
 * name in ~/.ssh/known_hosts not already covered. Nothing is saved; the UI lets the user pick.
 * `Match exec` is never run: the config is data here, not a script.
 *
 * Only those two files (and files the config `Include`s) are read, through the safe reader, and only
 * entries whose names are valid host names or addresses come back: this call must never become a way to
 * read an arbitrary file and see parts of it.
 */
import { readdir } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import picomatch from 'picomatch';
import { READ_CAPS, readTextSafely, SafeReadError } from '../fs/safe-read';
import SSHConfig, { LineType, type Line, type Section } from 'ssh-config';
import { DEFAULT_SSH_PORT, type ImportSshConfigResult, type SshConfigCandidate } from '@shared/schemas/hosts';

type Candidate = Omit<SshConfigCandidate, 'existingHostId'>;

export interface ExistingHost {
  id: string;
  address: string;
  port: number;
  user: string;
}

export interface ImportOptions {
  /** The home whose ~/.ssh is read (tests use a temporary one); never taken from the contract. */
  home?: string;
  existing: ExistingHost[];
}

/** Include nesting OpenSSH allows; deeper is a loop or a mistake. */
const MAX_INCLUDE_DEPTH = 16;

export async function importSshConfig(options: ImportOptions): Promise<ImportSshConfigResult> {
  const home = options.home ?? homedir();
  const sshDir = join(home, '.ssh');
  // Each file collects its own warnings, so they come out in a fixed order whichever read ends first.
  const configWarnings: string[] = [];
  const knownWarnings: string[] = [];
  const [configText, knownText] = await Promise.all([
    readConfigWithIncludes(join(sshDir, 'config'), sshDir, configWarnings),
    readOptional(join(sshDir, 'known_hosts'), 'known_hosts', READ_CAPS.knownHosts, knownWarnings),
  ]);
  const warnings = [...configWarnings, ...knownWarnings];

  const fromConfig =
    configText === null ? { candidates: [], patterns: 0 } : parseSshConfig(configText, home, warnings);
  const fromKnown = knownText === null ? { hosts: [], hashed: 0 } : parseKnownHosts(knownText);
  const covered = new Set(
    fromConfig.candidates.flatMap((c) => [endpointKey(c.address, c.port), endpointKey(c.alias, c.port)]),
  );
  const knownCandidates: Candidate[] = fromKnown.hosts
    .filter((host) => !covered.has(endpointKey(host.address, host.port)))
    .map((host) => ({
      alias: host.address,
      address: host.address,
      port: host.port,
      user: null,
      keyPath: null,
      proxyJump: null,
      source: 'known-hosts',
    }));

  const all = [...fromConfig.candidates, ...knownCandidates];
  const valid = all.filter(isImportable);
  const candidates = valid.map((candidate) => ({
    ...candidate,
    existingHostId: matchExisting(candidate, options.existing),
  }));
  return {
    candidates,
    skipped: {
      patterns: fromConfig.patterns,
      hashedKnownHosts: fromKnown.hashed,
      invalid: all.length - valid.length,
    },
    localUser: localUser() || null,
    warnings,
  };
}

/** What a saved host could use: names and addresses as the host form accepts them, nothing else. */
// A leading `-` would read as an option to tools; names and addresses start with a letter, digit or `:`.
const HOST_NAME = /^[A-Za-z0-9:][A-Za-z0-9._:%-]{0,252}$/;
const USER_NAME = /^[^\s@:/-][^\s@:/]{0,63}$/;
const ALIAS = /^[A-Za-z0-9:][A-Za-z0-9._:%@-]{0,99}$/;

function isImportable(candidate: Candidate): boolean {
  return (
    HOST_NAME.test(candidate.address) &&
    ALIAS.test(candidate.alias) &&
    (candidate.user === null || USER_NAME.test(candidate.user)) &&
    (candidate.proxyJump === null || /^[A-Za-z0-9._:%@,[\]-]{1,500}$/.test(candidate.proxyJump))
  );
}

/** Candidates from ssh_config text; `patterns` counts Host entries with wildcards that cannot be imported. */
export function parseSshConfig(
  text: string,
  home: string,
  warnings: string[] = [],
): { candidates: Candidate[]; patterns: number } {
  let config: SSHConfig;
  try {
    config = SSHConfig.parse(text);
  } catch {
    // The parser's message quotes the offending line; the content of the file is never echoed.
    warnings.push('The SSH config could not be parsed');
    return { candidates: [], patterns: 0 };
  }
  const aliases: string[] = [];
  let patterns = 0;
  for (const line of config) {
    if (!isHostSection(line)) continue;
    for (const alias of hostValues(line)) {
      if (/[*?!]/.test(alias)) patterns += 1;
      else if (!aliases.includes(alias)) aliases.push(alias);
    }
  }
  const candidates = aliases.map((alias) => {
    const computed = config.compute(alias, { ignoreCase: true, matchExec: false });
    const port = Number(first(computed.port));
    const identity = first(computed.identityfile);
    return {
      alias,
      address: first(computed.hostname) ?? alias,
      port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : DEFAULT_SSH_PORT,
      user: first(computed.user) ?? null,
      keyPath: identity ? expandTokens(identity, home) : null,
      proxyJump: proxyJumpOf(first(computed.proxyjump)),
      source: 'ssh-config' as const,
    };
  });
  return { candidates, patterns };
}

/** Host names from known_hosts lines: `host[,host…] type key`, `[host]:port`; hashed and marker lines skipped. */
export function parseKnownHosts(text: string): {
  hosts: Array<{ address: string; port: number }>;
  hashed: number;
} {
  const seen = new Set<string>();
  const hosts: Array<{ address: string; port: number }> = [];
  let hashed = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('@')) continue;
    const field = line.split(/\s+/)[0] ?? '';
    for (const name of field.split(',')) {
      if (name.startsWith('|')) {
        hashed += 1;
        continue;
      }
      if (name.startsWith('!') || /[*?]/.test(name)) continue;
      const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(name);
      const entry = bracketed
        ? { address: bracketed[1] ?? '', port: Number(bracketed[2]) }
        : { address: name, port: DEFAULT_SSH_PORT };
      const key = endpointKey(entry.address, entry.port);
      if (entry.address && !seen.has(key)) {
        seen.add(key);
        hosts.push(entry);
      }
    }
  }
  return { hosts, hashed };
}

function isHostSection(line: Line): line is Section {
  return line.type === LineType.DIRECTIVE && 'config' in line && line.param.toLowerCase() === 'host';
}

function hostValues(line: Section): string[] {
  const value = line.value;
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return value.map((part) => part.val).filter(Boolean);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `none` disables ProxyJump; several hops (a,b) are kept as written and shown to the user. */
function proxyJumpOf(value: string | undefined): string | null {
  if (!value || value.toLowerCase() === 'none') return null;
  return value;
}

/** `~` and the `%d` (home) / `%u` (local user) tokens OpenSSH expands in IdentityFile. */
function expandTokens(path: string, home: string): string {
  const expanded = path.replace(/%d/g, home).replace(/%u/g, localUser());
  if (expanded === '~') return home;
  return expanded.startsWith('~/') ? join(home, expanded.slice(2)) : expanded;
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

function endpointKey(address: string, port: number): string {
  return `${address.toLowerCase()}:${port}`;
}

function matchExisting(candidate: Candidate, existing: ExistingHost[]): string | null {
  const match = existing.find(
    (host) =>
      host.address.toLowerCase() === candidate.address.toLowerCase() &&
      host.port === candidate.port &&
      (candidate.user === null || candidate.user === host.user),
  );
  return match?.id ?? null;
}

async function readOptional(
  path: string,
  label: string,
  maxBytes: number,
  warnings: string[],
): Promise<string | null> {
  try {
    return await readTextSafely(path, { maxBytes, followSymlink: true });
  } catch (error) {
    if (error instanceof SafeReadError && error.problem === 'missing') return null;
    const problem = error instanceof SafeReadError ? error.message : 'it cannot be read';
    warnings.push(`${label} was not read: ${problem}`);
    return null;
  }
}

/**
 * The config with every `Include` replaced by the files it names (relative paths are under ~/.ssh, globs
 * allowed, as OpenSSH does), each read through the safe reader, depth-limited and without cycles.
 * Includes are inlined at the place they appear, which is what OpenSSH's first-match-wins semantics need.
 */
async function readConfigWithIncludes(
  path: string,
  sshDir: string,
  warnings: string[],
  depth = 0,
  seen = new Set<string>(),
): Promise<string | null> {
  if (seen.has(path)) return '';
  seen.add(path);
  const label = depth === 0 ? '~/.ssh/config' : `an included SSH config file`;
  const text = await readOptional(path, label, READ_CAPS.sshConfig, warnings);
  if (text === null) return null;
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const include = /^\s*include\s+(.+)$/i.exec(line);
    if (!include) {
      lines.push(line);
      continue;
    }
    if (depth >= MAX_INCLUDE_DEPTH) {
      warnings.push('Include nesting is too deep; the innermost files were not read');
      continue;
    }
    for (const pattern of (include[1] ?? '').trim().split(/\s+/)) {
      for (const file of await expandInclude(pattern, sshDir)) {
        const included = await readConfigWithIncludes(file, sshDir, warnings, depth + 1, seen);
        if (included !== null) lines.push(included);
      }
    }
  }
  return lines.join('\n');
}

/** `~/x`, an absolute path, or a path relative to ~/.ssh; a glob in the last component is matched. */
async function expandInclude(pattern: string, sshDir: string): Promise<string[]> {
  const home = dirname(sshDir);
  const path = pattern.startsWith('~/')
    ? join(home, pattern.slice(2))
    : isAbsolute(pattern)
      ? pattern
      : join(sshDir, pattern);
  if (!picomatch.scan(path).isGlob) return [path];
  const dir = dirname(path);
  if (picomatch.scan(dir).isGlob) return [];
  const matches = picomatch(path.slice(dir.length + 1));
  try {
    const names = await readdir(dir);
    return names
      .filter((name) => matches(name))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    return [];
  }
}
