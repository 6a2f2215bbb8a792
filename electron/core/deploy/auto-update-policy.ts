/**
 * Which update, if any, a container takes by itself: its policy (the UI setting, else the
 * `tidewatch.update` label, else off), the step the policy allows, and whether the maintenance window is
 * open now. Pure functions; the auto-updater applies them.
 */
import { Cron } from 'croner';
import { AppError } from '@shared/rpc/errors';
import {
  AUTO_UPDATE_LABEL,
  AUTO_UPDATE_POLICIES,
  AUTO_UPDATE_WINDOW_LABEL,
  type AutoUpdatePolicy,
  type AutoUpdateSetting,
} from '@shared/schemas/auto-update';
import type { UpdateEntry } from '@shared/schemas/updates';

export interface EffectivePolicy {
  policy: AutoUpdatePolicy;
  window: string | null;
  source: 'setting' | 'label' | 'default';
}

/** The UI setting wins; a label with a value we do not know counts as off (never guess upwards). */
export function effectivePolicy(
  setting: Pick<AutoUpdateSetting, 'policy' | 'window'> | null,
  labels: Readonly<Record<string, string>>,
): EffectivePolicy {
  if (setting) return { policy: setting.policy, window: setting.window, source: 'setting' };
  const label = labels[AUTO_UPDATE_LABEL]?.trim().toLowerCase();
  if (label === undefined) return { policy: 'off', window: null, source: 'default' };
  const policy = (AUTO_UPDATE_POLICIES as readonly string[]).includes(label)
    ? (label as AutoUpdatePolicy)
    : 'off';
  const window = labels[AUTO_UPDATE_WINDOW_LABEL]?.trim() || null;
  return { policy, window, source: 'label' };
}

const RANK: Record<AutoUpdatePolicy, number> = { off: 0, digest: 1, patch: 2, minor: 3, major: 4 };

/**
 * The tag to deploy for an inbox entry under a policy, or null when the policy does not allow any of what
 * is on offer: a new build of the same tag needs `digest` or more; a version step needs a policy at least
 * as wide as its kind, and the widest allowed step wins (a `minor` policy takes 1.3.0 over 1.2.5).
 */
export function allowedTag(
  entry: Pick<UpdateEntry, 'kind' | 'availableTag' | 'steps'>,
  policy: AutoUpdatePolicy,
): string | null {
  if (entry.kind === 'digest') return RANK[policy] >= RANK.digest ? entry.availableTag : null;
  const steps = entry.steps.length > 0 ? entry.steps : [{ kind: entry.kind, tag: entry.availableTag }];
  const allowed = steps.filter((step) => RANK[step.kind] <= RANK[policy]);
  return allowed.sort((a, b) => RANK[b.kind] - RANK[a.kind])[0]?.tag ?? null;
}

/** Throws VALIDATION when the window is not a cron expression. */
export function validateWindow(window: string): void {
  try {
    new Cron(window, { paused: true });
  } catch (error) {
    throw new AppError(
      'VALIDATION',
      `The maintenance window "${window}" is not a cron expression: ${(error as Error).message}`,
      'window',
    );
  }
}

/**
 * Whether `now` lies in a minute the window's cron expression names (no window: always). A window that
 * no longer parses is closed: an update must never start because a setting became unreadable.
 */
export function windowOpen(window: string | null, now: Date): boolean {
  if (window === null) return true;
  let cron: Cron;
  try {
    cron = new Cron(window, { paused: true });
  } catch {
    return false;
  }
  const minute = new Date(now);
  minute.setSeconds(0, 0);
  const next = cron.nextRun(new Date(minute.getTime() - 1));
  return next !== null && next.getTime() < minute.getTime() + 60_000;
}
