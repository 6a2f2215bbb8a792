import { z } from 'zod';
import { event, method } from '../rpc/define';
import { hostIdSchema, rowIdSchema } from './ids';

/** The steps of one deploy, in order; a failure or a cancel goes to `rollback` instead of the next one. */
export const DEPLOY_STEPS = [
  'lock',
  'resolve',
  'pull',
  'snapshot',
  'stage',
  'start',
  'health',
  'switch',
  'watch',
  'retire',
  'rollback',
] as const;

/**
 * `in-place`: a watched container replaced under its own name (the old one waits aside); `blue-green`: a
 * workload instance started beside the live one, traffic switched through the proxy after its gate;
 * `swarm`: a Swarm service update (start-first) that Swarm runs and rolls back itself, followed by the core.
 */
export const DEPLOY_KINDS = ['in-place', 'blue-green', 'swarm'] as const;

/** `running` until it ends in one of the others. */
export const DEPLOY_STATES = ['running', 'done', 'rolled-back', 'failed'] as const;

export const deployStepSchema = z.enum(DEPLOY_STEPS);
export const deployStateSchema = z.enum(DEPLOY_STATES);

export const deployStepRecordSchema = z.object({
  step: deployStepSchema,
  state: z.enum(['started', 'done', 'failed']),
  detail: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const deploySchema = z.object({
  id: rowIdSchema,
  hostId: hostIdSchema,
  /**
   * The container updated in place, `<workload>.<stage>` for a blue-green deploy of a workload stage, or the
   * service name for a Swarm service update.
   */
  containerName: z.string(),
  kind: z.enum(DEPLOY_KINDS),
  /** The workload and stage a blue-green deploy served (null for in-place updates). */
  workloadId: rowIdSchema.nullable(),
  stage: z.string().nullable(),
  /** The image reference asked for (`registry/repo:tag`). */
  image: z.string(),
  /** The digest resolved from the registry before the pull: what the user was shown is what runs. */
  digest: z.string().nullable(),
  /** The image the container ran before (by digest where known): what a rollback returns to. */
  previousImage: z.string().nullable(),
  state: deployStateSchema,
  step: deployStepSchema,
  /** Why it failed or rolled back, in words for the user. */
  reason: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  steps: z.array(deployStepRecordSchema),
});

export type DeployStep = z.infer<typeof deployStepSchema>;
export type DeployState = z.infer<typeof deployStateSchema>;
export type DeployStepRecord = z.infer<typeof deployStepRecordSchema>;
export type Deploy = z.infer<typeof deploySchema>;

/** Live progress: one event per step change, pull layer update and health attempt. */
export const deployProgressSchema = z.object({
  id: rowIdSchema,
  hostId: hostIdSchema,
  containerName: z.string(),
  step: deployStepSchema,
  state: deployStateSchema,
  /** A line for the step log (a health attempt, a pull summary, the failure). */
  detail: z.string().nullable(),
  /** Pull progress per layer while pulling: bytes done and total where the engine reports them. */
  layers: z
    .array(z.object({ id: z.string(), status: z.string(), current: z.number(), total: z.number() }))
    .optional(),
});

const containerName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Expected a container name');

export const deployStartSchema = z
  .object({
    hostId: hostIdSchema,
    containerName,
    /** The tag to deploy; omitted: the container's own tag again (a redeploy of what it moved to). */
    tag: z
      .string()
      .regex(/^[\w][\w.-]{0,127}$/, 'Expected an image tag')
      .optional(),
    /** An HTTP path probed through the SSH connection when the image has no HEALTHCHECK (e.g. /healthz). */
    healthPath: z.string().startsWith('/').max(500).optional(),
    /** The container port for that probe (default: the first exposed TCP port). */
    healthPort: z.int().min(1).max(65535).optional(),
  })
  .strict();

export const deployListSchema = z
  .object({
    hostId: hostIdSchema.optional(),
    containerName: containerName.optional(),
    limit: z.int().min(1).max(1000).optional(),
  })
  .strict()
  .optional();

/** How a tag relates to the running one: `other` for a tag that is not a comparable version. */
export const DEPLOY_TAG_KINDS = ['current', 'patch', 'minor', 'major', 'older', 'other'] as const;

export const deployTagsInputSchema = z.object({ hostId: hostIdSchema, containerName }).strict();

export const deployTagsSchema = z.object({
  /** The repository the tags are from (`registry/repo`), the container's image without its tag. */
  image: z.string(),
  /** The tag the container runs; null when it runs by digest (after a roll back) or has no tag. */
  currentTag: z.string().nullable(),
  /** Newest first, at most DEPLOY_TAGS_LIMIT of them. */
  tags: z.array(z.object({ tag: z.string(), kind: z.enum(DEPLOY_TAG_KINDS) })),
  /** How many tags the registry offered (after the pre-release setting), shown or not. */
  total: z.int().nonnegative(),
});

/** A repository can have thousands of tags; the newest are the ones anyone deploys. */
export const DEPLOY_TAGS_LIMIT = 200;

export type DeployProgress = z.infer<typeof deployProgressSchema>;
export type DeployTagKind = (typeof DEPLOY_TAG_KINDS)[number];
export type DeployTags = z.infer<typeof deployTagsSchema>;
export type DeployStartInput = z.infer<typeof deployStartSchema>;

// ---------- contract namespace `deploys` (spread into shared/contract.ts) ----------
export const deploysMethods = {
  /** Starts a deploy and answers at once with its record; progress follows as `deploys.progress`. */
  'deploys.start': method(deployStartSchema, deploySchema),
  'deploys.list': method(deployListSchema, z.array(deploySchema)),
  'deploys.get': method(z.object({ id: rowIdSchema }).strict(), deploySchema),
  /**
   * A bulk update: every item is opened at once and they run one after another per host (a few hosts at
   * once); items that cannot start (unknown container, BUSY) come back in `refused` with the reason.
   */
  'deploys.startMany': method(
    z.object({ items: z.array(deployStartSchema).min(1).max(200) }).strict(),
    z.object({
      deploys: z.array(deploySchema),
      refused: z.array(
        z.object({ hostId: z.string(), containerName: z.string(), code: z.string(), message: z.string() }),
      ),
    }),
  ),
  /**
   * The tags a container's image can be deployed at, from its registry (with the saved credentials): kinds
   * relative to the running tag. NOT_FOUND for an unknown host or container; a registry failure says why.
   */
  'deploys.tags': method(deployTagsInputSchema, deployTagsSchema),
  /** Starts a deploy back to the version a finished deploy replaced (by digest); CONFLICT if there is none. */
  'deploys.rollback': method(z.object({ id: rowIdSchema }).strict(), deploySchema),
  /** Cancels a running deploy: it rolls back like a failed one. */
  'deploys.cancel': method(z.object({ id: rowIdSchema }).strict(), z.object({ cancelled: z.boolean() })),
} as const;

export const deploysEvents = {
  'deploys.progress': event(deployProgressSchema),
} as const;
