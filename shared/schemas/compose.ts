/**
 * Compose projects as a whole: start, stop or restart every container of a project on one host, in the
 * order of the project's `depends_on` (from the labels compose writes), with one result per container.
 */
import { z } from 'zod';
import { method } from '../rpc/define';
import { CONTAINER_STATES } from './containers';
import { hostIdSchema } from './ids';

export const COMPOSE_ACTIONS = ['start', 'stop', 'restart'] as const;

/**
 * A project name as compose writes it (lowercase letters, digits, `_`, `-`; older versions allowed more),
 * used only as a label filter value: nothing here reaches a Docker API path.
 */
export const composeProjectSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'Expected a compose project name');

export const composeActionInputSchema = z
  .object({
    hostId: hostIdSchema,
    project: composeProjectSchema,
    action: z.enum(COMPOSE_ACTIONS),
    /** For stop and restart: seconds Docker waits after SIGTERM before SIGKILL; the image's default when omitted. */
    timeoutSeconds: z.int().min(0).max(3600).optional(),
  })
  .strict();

/** How one container fared. `skipped`: not acted on because a container it depends on failed to start. */
export const composeContainerResultSchema = z.object({
  containerId: z.string(),
  name: z.string(),
  service: z.string().nullable(),
  outcome: z.enum(['done', 'failed', 'skipped']),
  /** The container's state afterwards (null when it could not be read). */
  state: z.enum(CONTAINER_STATES).nullable(),
  /** Why it failed or was skipped; null when done. */
  message: z.string().nullable(),
});

export const composeActionResultSchema = z.object({
  hostId: hostIdSchema,
  project: z.string(),
  action: z.enum(COMPOSE_ACTIONS),
  /** In the order the containers were acted on. */
  results: z.array(composeContainerResultSchema),
});

export type ComposeAction = (typeof COMPOSE_ACTIONS)[number];
export type ComposeActionInput = z.infer<typeof composeActionInputSchema>;
export type ComposeContainerResult = z.infer<typeof composeContainerResultSchema>;
export type ComposeActionResult = z.infer<typeof composeActionResultSchema>;

// ---------- contract namespace `compose` (spread into shared/contract.ts) ----------
export const composeMethods = {
  /**
   * Acts on every container of the project (one-off `run` containers aside): start and restart go
   * dependencies first, stop dependents first; containers on one level run a few at a time. A failure is
   * that container's result, not the call's. NOT_FOUND: unknown host, or no container of that project.
   */
  'compose.action': method(composeActionInputSchema, composeActionResultSchema),
} as const;
