/**
 * What a container is, from `docker inspect`: the container page's details. Environment values whose key
 * looks secret come masked; `containers.revealEnv` answers one of them when the user asks.
 */
import { z } from 'zod';
import { method } from '../rpc/define';
import { CONTAINER_HEALTH, CONTAINER_STATES, containerRefInputSchema } from './containers';
import { hostIdSchema } from './ids';

/** Keys whose values are hidden until revealed: PASSWORD, TOKEN, SECRET, KEY and their relatives. */
export const SECRET_ENV_KEY = /pass(word|wd|phrase)?|token|secret|key|credential|auth|private|api_?key|dsn/i;

export const envVarSchema = z.object({
  key: z.string(),
  /** null while masked. */
  value: z.string().nullable(),
  masked: z.boolean(),
});

export const mountSchema = z.object({
  type: z.string(),
  /** Volume name for volumes, host path for binds, null for tmpfs. */
  source: z.string().nullable(),
  destination: z.string(),
  readOnly: z.boolean(),
});

export const networkAttachmentSchema = z.object({
  name: z.string(),
  ipAddress: z.string().nullable(),
  ipv6Address: z.string().nullable(),
  gateway: z.string().nullable(),
  macAddress: z.string().nullable(),
  aliases: z.array(z.string()),
});

export const healthResultSchema = z.object({
  start: z.string(),
  end: z.string(),
  exitCode: z.int(),
  /** The check's output, trimmed and capped. */
  output: z.string(),
});

export const containerDetailsSchema = z.object({
  hostId: hostIdSchema,
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  /** The running image's digest in its own repository (`repo@sha256:…`), null for local-only images. */
  imageDigest: z.string().nullable(),
  command: z.array(z.string()),
  workingDir: z.string().nullable(),
  user: z.string().nullable(),
  hostname: z.string(),
  created: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  state: z.enum(CONTAINER_STATES),
  health: z.enum(CONTAINER_HEALTH),
  exitCode: z.int(),
  restartPolicy: z.object({ name: z.string(), maximumRetryCount: z.int() }),
  restartCount: z.int().nonnegative(),
  env: z.array(envVarSchema),
  mounts: z.array(mountSchema),
  ports: z.array(
    z.object({
      privatePort: z.int(),
      type: z.string(),
      publicPort: z.int().nullable(),
      ip: z.string().nullable(),
    }),
  ),
  networks: z.array(networkAttachmentSchema),
  labels: z.record(z.string(), z.string()),
  /** The last results of the image's health check, newest last; empty without one. */
  healthLog: z.array(healthResultSchema),
});

export type ContainerDetails = z.infer<typeof containerDetailsSchema>;
export type EnvVar = z.infer<typeof envVarSchema>;

export const revealEnvInputSchema = z
  .object({
    hostId: hostIdSchema,
    containerId: containerRefInputSchema.shape.containerId,
    key: z.string().min(1).max(1000),
  })
  .strict();

// ---------- contract methods (spread into shared/contract.ts under `containers.*`) ----------
export const containerDetailsMethods = {
  /** The container from `docker inspect`; secret-looking env values masked. NOT_FOUND when it is gone. */
  'containers.details': method(containerRefInputSchema, containerDetailsSchema),
  /** One env value, unmasked. NOT_FOUND for a key the container does not have. */
  'containers.revealEnv': method(revealEnvInputSchema, z.object({ key: z.string(), value: z.string() })),
} as const;
