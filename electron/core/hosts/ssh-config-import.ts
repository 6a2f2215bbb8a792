/**
 * Finds hosts the user already reaches with OpenSSH: every concrete `Host` alias of ~/.ssh/config
 * (HostName, User, Port, IdentityFile, ProxyJump, with `Host *` defaults applied) and every readable host
 * name in ~/.ssh/known_hosts not already covered. Nothing is saved; the UI lets the user pick.
 * `Match exec` is never run: the config is data here, not a script.
 */
import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
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
  configPath?: string;
  knownHostsPath?: string;
  home?: string;
  existing: ExistingHost[];
}

export async function importSshConfig(options: ImportOptions): Promise<ImportSshConfigResult> {
  const home = options.home ?? homedir();
  const configPath = options.configPath ?? join(home, '.ssh', 'config');
  const knownHostsPath = options.knownHostsPath ?? join(home, '.ssh', 'known_hosts');
  const warnings: string[] = [];
  const [configText, knownText] = await Promise.all([
    readOptional(configPath, warnings),
    readOptional(knownHostsPath, warnings),
  ]);

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

  const candidates = [...fromConfig.candidates, ...knownCandidates].map((candidate) => ({
    ...candidate,
    existingHostId: matchExisting(candidate, options.existing),
  }));
  return {
    candidates,
    configPath,
    knownHostsPath,
    skipped: { patterns: fromConfig.patterns, hashedKnownHosts: fromKnown.hashed },
    warnings,
  };
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
  } catch (error) {
    warnings.push(`The SSH config could not be parsed: ${(error as Error).message}`);
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

async function readOptional(path: string, warnings: string[]): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') warnings.push(`${path} could not be read (${code ?? 'error'})`);
    return null;
  }
}
