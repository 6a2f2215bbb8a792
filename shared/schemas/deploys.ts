import { z } from 'zod';
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
  'watch',
  'retire',
  'rollback',
] as const;

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
  containerName: z.string(),
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
