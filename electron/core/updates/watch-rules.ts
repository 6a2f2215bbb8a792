import type { UpdatesSettings } from '@shared/schemas/updates';

/** How one container is watched, from its labels and the global settings. */
export interface WatchRules {
  watch: boolean;
  /** Why a container is not watched or its rules are unusable (shown in the check status). */
  reason: string | null;
  /** Compare the digest of the running tag. */
  watchDigest: boolean;
  /** Look for newer semver-like tags. */
  watchTags: boolean;
  include: RegExp[];
  exclude: RegExp[];
  includePrereleases: boolean;
}

const MAX_PATTERN_LENGTH = 200;

function flag(labels: Record<string, string>, name: string): boolean | null {
  const value = labels[name];
  if (value === undefined) return null;
  return /^(1|true|yes|on)$/i.test(value.trim())
    ? true
    : /^(0|false|no|off)$/i.test(value.trim())
      ? false
      : null;
}

/**
 * DIUN, What's Up Docker and Watchtower labels, in that order of precedence: any explicit "off" wins,
 * any explicit "on" opts in, otherwise the global "watch by default" decides.
 */
export function resolveWatchRules(labels: Record<string, string>, settings: UpdatesSettings): WatchRules {
  const enable = [
    flag(labels, 'diun.enable'),
    flag(labels, 'wud.watch'),
    flag(labels, 'com.centurylinklabs.watchtower.enable'),
  ];
  const base: WatchRules = {
    watch: false,
    reason: null,
    watchDigest: flag(labels, 'wud.watch.digest') ?? true,
    watchTags: flag(labels, 'diun.watch_repo') ?? true,
    include: [],
    exclude: [],
    includePrereleases: settings.includePrereleases,
  };
  if (enable.includes(false)) return { ...base, reason: 'Disabled by a container label' };
  if (!enable.includes(true) && !settings.watchByDefault) {
    return { ...base, reason: 'Not watched (no enable label and watch-by-default is off)' };
  }
  try {
    const include = [
      ...patterns(labels['diun.include_tags'], ';'),
      ...patterns(labels['wud.tag.include'], null),
    ];
    const exclude = [
      ...patterns(labels['diun.exclude_tags'], ';'),
      ...patterns(labels['wud.tag.exclude'], null),
    ];
    return { ...base, watch: true, include, exclude };
  } catch (error) {
    return { ...base, reason: (error as Error).message };
  }
}

/** DIUN separates several expressions with `;`; WUD takes one. Lengths are bounded against pathological input. */
function patterns(value: string | undefined, separator: string | null): RegExp[] {
  if (value === undefined || value.trim() === '') return [];
  const parts = separator === null ? [value] : value.split(separator).filter((part) => part.trim() !== '');
  return parts.map((part) => {
    if (part.length > MAX_PATTERN_LENGTH)
      throw new Error('A tag pattern label is longer than 200 characters');
    try {
      return new RegExp(part.trim());
    } catch {
      throw new Error(`The tag pattern "${part.trim().slice(0, 60)}" is not a valid regular expression`);
    }
  });
}

/** Whether a tag passes the include (any) and exclude (none) patterns. */
export function tagAllowed(tag: string, rules: Pick<WatchRules, 'include' | 'exclude'>): boolean {
  if (rules.include.length > 0 && !rules.include.some((pattern) => pattern.test(tag))) return false;
  return !rules.exclude.some((pattern) => pattern.test(tag));
}
