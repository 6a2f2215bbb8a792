/**
 * Names a workload's things get on the host and in DNS: container names, the stage's upstream slot aliases
 * and the hostnames its proxy routes serve. Pure functions, so the deployer, the UI's URLs and the YAML
 * export agree.
 */
import picomatch from 'picomatch';

/** A DNS label is at most 63 characters. */
const LABEL_MAX = 63;
/** A tag part of a subdomain keeps room for the stage and project around it. */
const TAG_MAX = 30;

export interface NamingSettings {
  workloadDomain: string;
  subdomainPattern: string;
  tagSubdomainPattern: string;
}

/** Lowercase, dots and other characters → dashes, no dashes at the ends, length-capped: `V1.2.0` → `v1-2-0`. */
export function dnsSafe(value: string, max = TAG_MAX): string {
  const safe = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return safe.slice(0, max).replace(/-$/, '') || 'x';
}

/** Does the tag belong to the stage (its glob pattern)? */
export function tagMatches(pattern: string, tag: string): boolean {
  return picomatch.isMatch(tag, pattern, { dot: true });
}

/**
 * The hostname a stage (tag null) or one of its instances (several side by side) is served under:
 * a stage's own `subdomain` wins (a full domain when it has a dot), else the global pattern.
 */
export function stageHostname(
  settings: NamingSettings,
  workload: string,
  stage: { name: string; subdomain: string | null },
  tag: string | null,
): string {
  const domain = settings.workloadDomain;
  if (stage.subdomain && tag === null) {
    if (stage.subdomain.includes('.')) return stage.subdomain.toLowerCase();
    return withDomain(dnsSafe(stage.subdomain, LABEL_MAX), domain);
  }
  const pattern = tag === null ? settings.subdomainPattern : settings.tagSubdomainPattern;
  const label = pattern
    .replaceAll('{stage}', stage.name)
    .replaceAll('{project}', workload)
    .replaceAll('{tag}', tag === null ? '' : dnsSafe(tag));
  return withDomain(dnsSafe(label, LABEL_MAX), domain);
}

function withDomain(label: string, domain: string): string {
  return domain ? `${label}.${domain}` : label;
}

/** The two upstream slots of a stage (strict blue-green): network aliases that move between containers. */
export function slotAliases(workload: string, stage: string): [string, string] {
  return [`tw-${workload}-${stage}-a`, `tw-${workload}-${stage}-b`];
}

/** The alias of one instance of a multi-instance stage (its own route). */
export function instanceAlias(workload: string, stage: string, tag: string): string {
  return `tw-${workload}-${stage}-${dnsSafe(tag)}`;
}

/** A unique container name per deploy: `<workload>-<stage>-<tag>-<deploy id>`. */
export function instanceContainerName(
  workload: string,
  stage: string,
  tag: string,
  deployId: number,
): string {
  return `${workload}-${stage}-${dnsSafe(tag)}-${deployId}`;
}

/** The name a stage's deploys are journaled (and locked) under: one deploy per stage at a time. */
export function stageLockName(workload: string, stage: string): string {
  return `${workload}.${stage}`;
}
