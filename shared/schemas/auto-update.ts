import { z } from 'zod';
import { method } from '../rpc/define';
import { hostIdSchema } from './ids';

/**
 * How far a container may be updated by itself when the watch finds a newer version: `off` never,
 * `digest` only a new build of the same tag, `patch`/`minor`/`major` newer versions up to that kind
 * (each level includes the ones before it). Default: off.
 */
export const AUTO_UPDATE_POLICIES = ['off', 'digest', 'patch', 'minor', 'major'] as const;
export const autoUpdatePolicySchema = z.enum(AUTO_UPDATE_POLICIES);
export type AutoUpdatePolicy = z.infer<typeof autoUpdatePolicySchema>;

/** The container labels a compose file can set instead of the UI. */
export const AUTO_UPDATE_LABEL = 'tidewatch.update';
export const AUTO_UPDATE_WINDOW_LABEL = 'tidewatch.update.window';
export const HEALTH_PATH_LABEL = 'tidewatch.health.path';
export const HEALTH_PORT_LABEL = 'tidewatch.health.port';

const containerName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Expected a container name');

/**
 * A maintenance window as a cron expression of the minutes in which updates may start, e.g.
 * `* 2-4 * * *` (02:00–04:59 every day) or `* 1-3 * * 6,0` (weekend nights), in the core's local time.
 */
const windowSchema = z.string().trim().min(1).max(100);

/** A per-container setting made in the UI; it wins over the container's labels. */
export const autoUpdateSettingSchema = z.object({
  hostId: hostIdSchema,
  containerName: z.string(),
  policy: autoUpdatePolicySchema,
  window: z.string().nullable(),
  updatedAt: z.string(),
});
export type AutoUpdateSetting = z.infer<typeof autoUpdateSettingSchema>;

export const autoUpdateSetSchema = z
  .object({
    hostId: hostIdSchema,
    containerName,
    /** null removes the setting: the container's labels (or off) apply again. */
    policy: autoUpdatePolicySchema.nullable(),
    window: windowSchema.nullable().optional(),
  })
  .strict();
export type AutoUpdateSetInput = z.infer<typeof autoUpdateSetSchema>;

// ---------- contract namespace `autoUpdate` (spread into shared/contract.ts) ----------
export const autoUpdateMethods = {
  /** Every per-container setting (containers that only have labels are not listed). */
  'autoUpdate.list': method(
    z.object({ hostId: hostIdSchema.optional() }).strict().optional(),
    z.array(autoUpdateSettingSchema),
  ),
  /**
   * Sets (or with `policy: null` removes) a container's policy and window. NOT_FOUND for an unknown host;
   * VALIDATION for a window that is not a cron expression.
   */
  'autoUpdate.set': method(autoUpdateSetSchema, autoUpdateSettingSchema.nullable()),
} as const;
