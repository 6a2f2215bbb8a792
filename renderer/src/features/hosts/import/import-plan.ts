/**
 * Turns the hosts picked from ~/.ssh/config into hosts to create, in an order that works: every jump host
 * before the hosts reached through it. Pure, so the order and the jump resolution are unit-tested.
 */
import {
  DEFAULT_DOCKER_SOCKET,
  type Host,
  type HostCreateInput,
  type SshConfigCandidate,
} from '@shared/schemas/hosts';

/** Where a planned host's ProxyJump leads. */
export type PlannedJump =
  | { kind: 'none' }
  | { kind: 'saved'; hostId: string; name: string }
  | { kind: 'planned'; key: string; name: string };

export interface PlannedHost {
  /** Stable id of the row (the candidate's alias). */
  key: string;
  candidate: SshConfigCandidate;
  /** Everything but the jump host's id, which is known only once that host is created. */
  input: Omit<HostCreateInput, 'jumpHostId'>;
  jump: PlannedJump;
  /** Added because a picked host is reached through it, not picked itself: SSH only, no Docker probe. */
  addedAsJump: boolean;
  /** Why this one cannot be added; the others still are. */
  problem: string | null;
}

export function candidateKey(candidate: SshConfigCandidate): string {
  return `${candidate.source}:${candidate.alias}`;
}

/**
 * `selected` are the picked candidates, `all` every candidate (jump hosts that were not picked are taken from
 * it), `saved` the hosts Tidewatch already has, `localUser` what OpenSSH logs in as without a `User`.
 */
export function planImport(
  selected: readonly SshConfigCandidate[],
  all: readonly SshConfigCandidate[],
  saved: readonly Host[],
  localUser: string | null,
): PlannedHost[] {
  const planned = new Map<string, PlannedHost>();
  const order: PlannedHost[] = [];
  const names = new Set(saved.map((host) => host.name.toLowerCase()));
  const visiting = new Set<string>();
  const picked = new Set(selected.map(candidateKey));

  const visit = (candidate: SshConfigCandidate): PlannedHost => {
    const key = candidateKey(candidate);
    const existing = planned.get(key);
    if (existing) return existing;
    if (visiting.has(key)) return cyclic(candidate);
    visiting.add(key);
    const jump = resolveJump(candidate, all, saved, visit);
    visiting.delete(key);
    const name = uniqueName(candidate.alias, names);
    const item = plannedHost(candidate, jump, !picked.has(key), localUser, name);
    planned.set(key, item);
    order.push(item);
    return item;
  };

  for (const candidate of selected) {
    if (candidate.existingHostId === null) visit(candidate);
  }
  return order;
}

function plannedHost(
  candidate: SshConfigCandidate,
  jump: PlannedJump | { kind: 'problem'; reason: string },
  addedAsJump: boolean,
  localUser: string | null,
  name: string,
): PlannedHost {
  const user = candidate.user ?? localUser;
  const problem =
    jump.kind === 'problem'
      ? jump.reason
      : user
        ? null
        : `~/.ssh/config names no User for ${candidate.alias}; add it with the host form`;
  return {
    key: candidateKey(candidate),
    candidate,
    input: {
      name,
      address: candidate.address,
      port: candidate.port,
      user: user ?? '',
      auth: candidate.keyPath ? { kind: 'key', keyPath: candidate.keyPath } : { kind: 'agent' },
      // The usual path; when nothing answers there the core finds the engine and the import saves its path.
      dockerSocket: DEFAULT_DOCKER_SOCKET,
      dockerEnabled: !addedAsJump,
      group: null,
      color: null,
    },
    jump: jump.kind === 'problem' ? { kind: 'none' } : jump,
    addedAsJump,
    problem,
  };
}

function cyclic(candidate: SshConfigCandidate): PlannedHost {
  return {
    key: candidateKey(candidate),
    candidate,
    input: {
      name: candidate.alias,
      address: candidate.address,
      port: candidate.port,
      user: candidate.user ?? '',
      auth: { kind: 'agent' },
      dockerSocket: DEFAULT_DOCKER_SOCKET,
      dockerEnabled: true,
      group: null,
      color: null,
    },
    jump: { kind: 'none' },
    addedAsJump: true,
    problem: `The ProxyJump chain of ${candidate.alias} leads back to itself`,
  };
}

/**
 * The host's last hop: `ProxyJump a,b` reaches the host through b (and b through a, by b's own entry).
 * A hop is an alias of the config, a saved host (by name or address), or `user@host:port` of either.
 */
function resolveJump(
  candidate: SshConfigCandidate,
  all: readonly SshConfigCandidate[],
  saved: readonly Host[],
  plan: (jump: SshConfigCandidate) => PlannedHost,
): PlannedJump | { kind: 'problem'; reason: string } {
  if (!candidate.proxyJump) return { kind: 'none' };
  const hop = lastHop(candidate.proxyJump);
  const fromConfig = all.find(
    (other) => other.source === 'ssh-config' && other.alias.toLowerCase() === hop.toLowerCase(),
  );
  const savedId =
    fromConfig?.existingHostId ??
    saved.find((host) => host.name.toLowerCase() === hop.toLowerCase() || host.address === hop)?.id;
  if (savedId) {
    const host = saved.find((each) => each.id === savedId);
    return { kind: 'saved', hostId: savedId, name: host?.name ?? hop };
  }
  if (!fromConfig) {
    return {
      kind: 'problem',
      reason: `Reached through ${hop}, which is neither in ~/.ssh/config nor a saved host`,
    };
  }
  const jump = plan(fromConfig);
  if (jump.problem) return { kind: 'problem', reason: `Reached through ${hop}, which cannot be added` };
  return { kind: 'planned', key: jump.key, name: jump.input.name };
}

function lastHop(proxyJump: string): string {
  const hops = proxyJump.split(',').map((hop) => hop.trim());
  const hop = hops.at(-1) ?? '';
  // user@host:port → host (a bracketed IPv6 address keeps its colons).
  const withoutUser = hop.includes('@') ? hop.slice(hop.lastIndexOf('@') + 1) : hop;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(withoutUser);
  if (bracketed?.[1]) return bracketed[1];
  return withoutUser.replace(/:\d+$/, '');
}

/** The alias, or alias-2, alias-3… when a saved or planned host already has that name. */
function uniqueName(alias: string, taken: Set<string>): string {
  let name = alias;
  for (let index = 2; taken.has(name.toLowerCase()); index += 1) name = `${alias}-${index}`;
  taken.add(name.toLowerCase());
  return name;
}
