import semver from 'semver';
import type { UpdateKind } from '@shared/schemas/updates';

/** A tag read as a version: `v1.2.3-alpine` → prefix `v`, numbers [1,2,3], suffix `-alpine`. */
export interface TagVersion {
  tag: string;
  prefix: string;
  numbers: number[];
  /** A variant that must match exactly (`-alpine`, `-bookworm`), '' when none. */
  suffix: string;
  /** `rc.1` for `-rc1`, null for a release. */
  prerelease: string | null;
  /** Comparable semver built from the parts (numbers beyond the third are compared separately). */
  semver: string;
}

const VERSION_TAG =
  /^(?<prefix>(?:[a-zA-Z]+[-_.]?)?)(?<nums>\d{1,9}(?:\.\d{1,9}){0,3})(?<rest>(?:[-+_.].*)?)$/;
const PRERELEASE = /^[-.]?(?<label>alpha|beta|rc|pre|preview|dev|snapshot|a|b)[-.]?(?<num>\d*)$/i;

export function parseTagVersion(tag: string): TagVersion | null {
  const match = VERSION_TAG.exec(tag);
  if (!match?.groups) return null;
  const { prefix = '', nums = '', rest = '' } = match.groups;
  const numbers = nums.split('.').map(Number);
  const pre = PRERELEASE.exec(rest);
  const prerelease = pre?.groups
    ? [pre.groups.label?.toLowerCase(), pre.groups.num].filter(Boolean).join('.')
    : null;
  const suffix = prerelease === null ? rest : '';
  const core = [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0].join('.');
  const text = prerelease === null ? core : `${core}-${prerelease}`;
  const valid = semver.valid(text, { loose: true });
  if (valid === null) return null;
  return { tag, prefix, numbers, suffix, prerelease, semver: valid };
}

/** Same prefix, same number of parts, same variant suffix: `v1.2.3` never competes with `1.3` or `v1.3.0-alpine`. */
export function sameShape(a: TagVersion, b: TagVersion): boolean {
  return a.prefix === b.prefix && a.numbers.length === b.numbers.length && a.suffix === b.suffix;
}

/** Compares two versions of the same shape, the 4th number breaking ties (`1.2.3.4`). */
export function compareTagVersions(a: TagVersion, b: TagVersion): number {
  const main = semver.compare(a.semver, b.semver, { loose: true });
  if (main !== 0) return main;
  return (a.numbers[3] ?? 0) - (b.numbers[3] ?? 0);
}

export function classify(current: TagVersion, newer: TagVersion): Exclude<UpdateKind, 'digest'> {
  const diff = semver.diff(current.semver, newer.semver);
  if (diff === 'major' || diff === 'premajor') return 'major';
  if (diff === 'minor' || diff === 'preminor') return 'minor';
  return 'patch';
}

export interface NewerTagOptions {
  includePrereleases: boolean;
  allowed: (tag: string) => boolean;
}

export type VersionStepKind = Exclude<UpdateKind, 'digest'>;
export interface VersionStep {
  tag: string;
  kind: VersionStepKind;
}

/**
 * The highest tag newer than `currentTag` with the same shape, or null. Pre-releases are offered only
 * when enabled or when the current tag is itself a pre-release.
 */
export function findNewerTag(
  currentTag: string,
  tags: readonly string[],
  options: NewerTagOptions,
): VersionStep | null {
  const steps = findVersionSteps(currentTag, tags, options);
  return steps.at(-1) ?? null;
}

const STEP_ORDER: readonly VersionStepKind[] = ['patch', 'minor', 'major'];

/**
 * The newest tag of each kind the rules allow, safest first: on 1.0.0 with 1.0.5, 1.1.0 and 2.0.0 out, that
 * is patch 1.0.5, minor 1.1.0 and major 2.0.0, so the safe step is visible next to the big one.
 */
export function findVersionSteps(
  currentTag: string,
  tags: readonly string[],
  options: NewerTagOptions,
): VersionStep[] {
  const current = parseTagVersion(currentTag);
  if (!current) return [];
  const allowPre = options.includePrereleases || current.prerelease !== null;
  const best = new Map<VersionStepKind, TagVersion>();
  for (const tag of tags) {
    if (tag === currentTag) continue;
    const candidate = parseTagVersion(tag);
    if (!candidate || !sameShape(current, candidate)) continue;
    if (candidate.prerelease !== null && !allowPre) continue;
    if (compareTagVersions(candidate, current) <= 0 || !options.allowed(tag)) continue;
    const kind = classify(current, candidate);
    const held = best.get(kind);
    if (held === undefined || compareTagVersions(candidate, held) > 0) best.set(kind, candidate);
  }
  return STEP_ORDER.flatMap((kind) => {
    const version = best.get(kind);
    return version ? [{ tag: version.tag, kind }] : [];
  });
}
