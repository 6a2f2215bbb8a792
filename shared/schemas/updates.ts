import { z } from 'zod';
import { event, method, noInput, removedResult } from '../rpc/define';
import { hostIdSchema, rowIdSchema } from './ids';
import type { Settings } from './settings';

export const UPDATE_KINDS = ['digest', 'patch', 'minor', 'major'] as const;
export const UPDATE_STATUSES = ['new', 'acknowledged', 'snoozed', 'ignored'] as const;
/** How one distinct image check ended. Only `ok` results may produce an update. */
export const CHECK_STATUSES = [
  'ok',
  'rate-limited',
  'unauthorized',
  'not-found',
  'unreachable',
  'error',
  'skipped',
] as const;

export const updateKindSchema = z.enum(UPDATE_KINDS);
export const updateStatusSchema = z.enum(UPDATE_STATUSES);
export const checkStatusSchema = z.enum(CHECK_STATUSES);
const id = rowIdSchema;
const hostId = hostIdSchema;

/** The newest tag of each kind the rules allow, safest first (patch, minor, major). */
export const updateStepsSchema = z.array(
  z.object({ kind: z.enum(['patch', 'minor', 'major']), tag: z.string() }),
);

/** One inbox entry: an update available for one container on one host. */
export const updateEntrySchema = z.object({
  id,
  hostId,
  containerId: z.string(),
  containerName: z.string(),
  /** The image reference the container was created from, e.g. `nginx:1.25`. */
  image: z.string(),
  registry: z.string(),
  repository: z.string(),
  platform: z.string(),
  currentTag: z.string().nullable(),
  currentDigest: z.string().nullable(),
  /** Newer tag (kind patch/minor/major) or the same tag (kind digest). */
  availableTag: z.string(),
  availableDigest: z.string().nullable(),
  kind: updateKindSchema,
  /** Every kind of step on offer (e.g. patch 1.0.5, minor 1.1.0, major 2.0.0); empty for digest updates. */
  steps: updateStepsSchema,
  status: updateStatusSchema,
  snoozedUntil: z.string().nullable(),
  ignoredVersion: z.string().nullable(),
  firstSeen: z.string(),
  lastChecked: z.string(),
  groupId: id.nullable(),
  groupName: z.string().nullable(),
  /** A page about the repository: Docker Hub for docker.io, the registry's tag list otherwise. */
  registryLink: z.string(),
});

const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema).max(10)]);

export const updatesListInputSchema = z
  .object({
    hostId: hostId.optional(),
    groupId: id.optional(),
    kind: oneOrMany(updateKindSchema).optional(),
    status: oneOrMany(updateStatusSchema).optional(),
  })
  .strict()
  .optional();

export const updateIdsSchema = z.object({ ids: z.array(id).min(1).max(5000) }).strict();

/** `30m`, `12h`, `1d`, `1w`. */
export const SNOOZE_DURATION = /^(\d{1,4})([mhdw])$/;
export const updatesSnoozeInputSchema = z
  .object({
    ids: z.array(id).min(1).max(5000),
    until: z.iso.datetime({ offset: true }).optional(),
    duration: z.string().regex(SNOOZE_DURATION, 'Use a duration like 12h, 1d or 1w').optional(),
  })
  .strict()
  .refine((value) => (value.until === undefined) !== (value.duration === undefined), {
    message: 'Give either until or duration',
  });

export const bulkResultSchema = z.object({ changed: z.int().nonnegative() });

export const checkNowInputSchema = z.object({ hostId: hostId.optional() }).strict().optional();
export const checkNowResultSchema = z.object({ runId: z.string(), alreadyRunning: z.boolean() });
export const cancelCheckInputSchema = z.object({ runId: z.string().min(1).max(100) }).strict();

export const scheduleSchema = z.object({
  hostId,
  /** Minutes between checks when `cron` is null. */
  intervalMinutes: z.int().positive(),
  cron: z.string().nullable(),
  jitterMinutes: z.int().nonnegative(),
  lastRun: z.string().nullable(),
  lastResult: z.string().nullable(),
  nextRun: z.string().nullable(),
});

export const setScheduleInputSchema = z
  .object({
    hostId,
    intervalMinutes: z
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .optional(),
    /** A 5- or 6-field cron expression; null switches back to the interval. */
    cron: z.string().min(1).max(100).nullable().optional(),
    jitterMinutes: z.int().min(0).max(120).optional(),
  })
  .strict();

export const imageCheckSchema = z.object({
  registry: z.string(),
  repository: z.string(),
  tag: z.string(),
  platform: z.string(),
  status: checkStatusSchema,
  /** Why the check did not succeed (safe to show), null when ok. */
  reason: z.string().nullable(),
  remoteDigest: z.string().nullable(),
  checkedAt: z.string(),
  /** Number of containers using this image at the last check. */
  containers: z.int().nonnegative(),
});

export const rateLimitSchema = z.object({
  registry: z.string(),
  /** Last `ratelimit-remaining` seen, null when the registry does not send it. */
  remaining: z.int().nullable(),
  /** No requests go to this registry before this time. */
  blockedUntil: z.string().nullable(),
});

export const runningCheckSchema = z.object({
  runId: z.string(),
  hostId: hostId.nullable(),
  done: z.int().nonnegative(),
  total: z.int().nonnegative(),
  startedAt: z.string(),
});

/** How one host fared in a check: listed and checked, skipped (the user disconnected it), or failed. */
export const hostCheckResultSchema = z.object({
  hostId,
  result: z.enum(['ok', 'skipped', 'failed']),
  /** A sentence for the user: the summary, why it was skipped, or why it failed. */
  reason: z.string(),
});
/**
 * completed: every host was listed and every image checked; partial: some hosts or images failed or were
 * skipped; failed: nothing could be checked (every host failed, or every image); cancelled: by the user.
 */
export const checkFinishedSchema = z.object({
  runId: z.string(),
  outcome: z.enum(['completed', 'partial', 'cancelled', 'failed']),
  checked: z.int().nonnegative(),
  failed: z.int().nonnegative(),
  newUpdates: z.int().nonnegative(),
  /** Registry requests the run made (token requests included). */
  requests: z.int().nonnegative(),
  hosts: z.array(hostCheckResultSchema),
});
export const updatesStatusSchema = z.object({
  schedules: z.array(scheduleSchema),
  running: runningCheckSchema.nullable(),
  images: z.array(imageCheckSchema),
  rateLimits: z.array(rateLimitSchema),
  /** How the last finished check went, per host (null before the first one since start). */
  lastRun: checkFinishedSchema.nullable(),
});

export const groupSchema = z.object({ id, name: z.string(), images: z.int().nonnegative() });
export const groupCreateSchema = z.object({ name: z.string().trim().min(1).max(60) }).strict();
export const groupRemoveSchema = z.object({ id }).strict();
/** Assigns images (`registry/repository`, or an inbox entry's image) to a group; groupId null unassigns. */
export const groupAssignSchema = z
  .object({
    groupId: id.nullable(),
    images: z.array(z.string().min(1).max(500)).min(1).max(500),
  })
  .strict();

export const NOTIFIER_KINDS = ['webhook', 'slack', 'ntfy'] as const;
export const notifierSchema = z.object({
  id,
  kind: z.enum(NOTIFIER_KINDS),
  name: z.string(),
  /** Scheme and host of the target only; the full URL may hold a token and stays in the secret store. */
  target: z.string(),
  enabled: z.boolean(),
});
export const notifierCreateSchema = z
  .object({
    kind: z.enum(NOTIFIER_KINDS),
    name: z.string().trim().min(1).max(100),
    url: z.url({ protocol: /^https?$/ }).max(2000),
  })
  .strict();
export const notifierRefSchema = z.object({ id }).strict();
export const notifierTestResultSchema = z.object({ ok: z.boolean(), message: z.string() });

// ---------- events ----------
export const updatesChangedSchema = z.object({
  reason: z.enum(['check', 'acknowledge', 'snooze', 'ignore', 'group', 'expire', 'restore']),
  hostIds: z.array(hostId),
});
export const checkProgressSchema = z.object({
  runId: z.string(),
  done: z.int().nonnegative(),
  total: z.int().nonnegative(),
  hostId: hostId.optional(),
});
export const updatesDetectedSchema = z.object({ hostId, items: z.array(updateEntrySchema) });

export type UpdateKind = z.infer<typeof updateKindSchema>;
export type UpdateStatus = z.infer<typeof updateStatusSchema>;
export type CheckStatus = z.infer<typeof checkStatusSchema>;
export type HostCheckResult = z.infer<typeof hostCheckResultSchema>;
export type UpdateEntry = z.infer<typeof updateEntrySchema>;
export type UpdatesListInput = z.infer<typeof updatesListInputSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
export type SetScheduleInput = z.infer<typeof setScheduleInputSchema>;
export type ImageCheck = z.infer<typeof imageCheckSchema>;
export type RateLimitInfo = z.infer<typeof rateLimitSchema>;
export type UpdatesStatus = z.infer<typeof updatesStatusSchema>;
/** The settings the update watch reads (they live in `settings.*` with the others). */
export type UpdatesSettings = Pick<
  Settings,
  'watchByDefault' | 'includePrereleases' | 'desktopNotifications'
>;
export type Group = z.infer<typeof groupSchema>;
export type Notifier = z.infer<typeof notifierSchema>;
export type NotifierCreate = z.infer<typeof notifierCreateSchema>;
export type CheckProgress = z.infer<typeof checkProgressSchema>;
export type CheckFinished = z.infer<typeof checkFinishedSchema>;

// ---------- contract namespace `updates` (spread into shared/contract.ts) ----------
export const updatesMethods = {
  'updates.list': method(updatesListInputSchema, z.array(updateEntrySchema)),
  'updates.get': method(z.object({ id }).strict(), updateEntrySchema),
  'updates.acknowledge': method(updateIdsSchema, bulkResultSchema),
  /** Acknowledged entries back to new; entries in other states are left as they are. */
  'updates.unacknowledge': method(updateIdsSchema, bulkResultSchema),
  'updates.snooze': method(updatesSnoozeInputSchema, bulkResultSchema),
  /** Back to new from any state: un-snooze, un-ignore, un-acknowledge (the undo of those). */
  'updates.restore': method(updateIdsSchema, bulkResultSchema),
  'updates.ignoreVersion': method(updateIdsSchema, bulkResultSchema),
  'updates.checkNow': method(checkNowInputSchema, checkNowResultSchema),
  'updates.cancelCheck': method(cancelCheckInputSchema, z.object({ cancelled: z.boolean() })),
  'updates.status': method(noInput, updatesStatusSchema),
  'updates.setSchedule': method(setScheduleInputSchema, scheduleSchema),
  'updates.groups.list': method(noInput, z.array(groupSchema)),
  'updates.groups.create': method(groupCreateSchema, groupSchema),
  'updates.groups.remove': method(groupRemoveSchema, removedResult(id)),
  'updates.groups.assign': method(groupAssignSchema, bulkResultSchema),
  'updates.notifiers.list': method(noInput, z.array(notifierSchema)),
  'updates.notifiers.create': method(notifierCreateSchema, notifierSchema),
  'updates.notifiers.remove': method(notifierRefSchema, removedResult(id)),
  'updates.notifiers.test': method(notifierRefSchema, notifierTestResultSchema),
} as const;

export const updatesEvents = {
  'updates.changed': event(updatesChangedSchema),
  'updates.checkProgress': event(checkProgressSchema),
  'updates.checkFinished': event(checkFinishedSchema),
  'updates.detected': event(updatesDetectedSchema),
} as const;
