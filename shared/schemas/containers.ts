/**
 * Docker engines and containers on saved hosts, reached over each host's SSH connection.
 * The renderer groups containers by `composeProject` (com.docker.compose.project label).
 */
import { z } from 'zod';
import { event, method, removedResult } from '../rpc/define';
import { dockerTransportSchema } from './hosts';
import { hostIdSchema } from './ids';

/** A container id (full or short) or name: nothing that could change the Docker API path. */
export const containerIdSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^\/?[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'Expected a container id or name');

export const CONTAINER_STATES = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
] as const;
/** `none`: the image has no HEALTHCHECK. */
export const CONTAINER_HEALTH = ['starting', 'healthy', 'unhealthy', 'none'] as const;

export const containerPortSchema = z.object({
  privatePort: z.int(),
  /** Null when the port is exposed but not published. */
  publicPort: z.int().nullable(),
  type: z.string(),
  /** The host address it is published on (0.0.0.0, ::); null when not published. */
  ip: z.string().nullable(),
});

export const containerSchema = z.object({
  hostId: hostIdSchema,
  /** Full 64-hex id. */
  id: z.string(),
  /** Without Docker's leading slash. */
  name: z.string(),
  /** The reference the container was created from, as Docker reports it (e.g. `registry:5000/lab/web:1.0.0`). */
  image: z.string(),
  /** `sha256:…` of the local image. */
  imageId: z.string(),
  state: z.enum(CONTAINER_STATES),
  health: z.enum(CONTAINER_HEALTH),
  /** Docker's human status, e.g. `Up 3 minutes (healthy)`. */
  status: z.string(),
  ports: z.array(containerPortSchema),
  created: z.iso.datetime(),
  composeProject: z.string().nullable(),
  composeService: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  /** `repo@sha256:…` digests of the container's image (from the image list); empty for local-only images. */
  repoDigests: z.array(z.string()),
});

export const engineInfoSchema = z.object({
  hostId: hostIdSchema,
  /** The engine's host name (`docker info` Name). */
  name: z.string(),
  serverVersion: z.string(),
  apiVersion: z.string(),
  /** e.g. `Debian GNU/Linux 12 (bookworm)`. */
  os: z.string(),
  osType: z.string(),
  architecture: z.string(),
  kernelVersion: z.string(),
  cpus: z.int().nonnegative(),
  memoryBytes: z.number().nonnegative(),
  containers: z.object({
    total: z.int().nonnegative(),
    running: z.int().nonnegative(),
    paused: z.int().nonnegative(),
    stopped: z.int().nonnegative(),
  }),
  images: z.int().nonnegative(),
  transport: dockerTransportSchema,
});

export const hostScopeInputSchema = z.object({ hostId: hostIdSchema }).strict();
export const containerRefInputSchema = z
  .object({ hostId: hostIdSchema, containerId: containerIdSchema })
  .strict();

export const containerStopInputSchema = containerRefInputSchema
  .extend({
    /** Seconds Docker waits after SIGTERM before SIGKILL; the image's default when omitted. */
    timeoutSeconds: z.int().min(0).max(3600).optional(),
  })
  .strict();

export const containerRemoveInputSchema = containerRefInputSchema
  .extend({
    /** Required to remove a running container (it is killed); without it a running container → CONFLICT. */
    force: z.boolean().default(false),
    /** Also remove anonymous volumes. */
    removeVolumes: z.boolean().default(false),
  })
  .strict();

export const containerRemoveResultSchema = removedResult(z.string());

export const LOG_TAIL_MAX = 100_000;

export const logsStartInputSchema = containerRefInputSchema
  .extend({
    /** Keep streaming new lines until containers.logs.stop (or the container/connection ends). */
    follow: z.boolean().default(true),
    /** Lines from the end to start with; `all` for the whole log. */
    tail: z.union([z.int().min(0).max(LOG_TAIL_MAX), z.literal('all')]).default(200),
    /** Prefix each line with Docker's RFC 3339 timestamp. */
    timestamps: z.boolean().default(false),
  })
  .strict();

export const logsStartResultSchema = z.object({ streamId: z.string() });
export const logsStopInputSchema = z.object({ streamId: z.string().min(1).max(100) }).strict();
/** `stopped`: false when the stream had already ended (stopping twice is not an error). */
export const logsStopResultSchema = z.object({ stopped: z.boolean() });

/** A batch of complete lines (without the trailing newline) from one stream of one subscription. */
export const containerLogsEventSchema = z.object({
  streamId: z.string(),
  stream: z.enum(['stdout', 'stderr']),
  lines: z.array(z.string()),
});

/** The end of a log subscription; no more `containers.logs` events follow for this streamId. */
export const containerLogsEndEventSchema = z.object({
  streamId: z.string(),
  /** ended: the log (or the container) ended; stopped: containers.logs.stop; error: see `message`. */
  reason: z.enum(['ended', 'stopped', 'error']),
  message: z.string().nullable(),
});

/**
 * Something changed on a host's containers (from Docker's event stream, no polling). `action` is Docker's
 * (start, die, destroy, health_status: healthy, …) or `resync` after the event stream was re-established
 * (events may have been missed: refetch the list).
 */
export const containersChangedEventSchema = z.object({
  hostId: hostIdSchema,
  containerId: z.string().nullable(),
  action: z.string().nullable(),
});

export type Container = z.infer<typeof containerSchema>;
export type ContainerPort = z.infer<typeof containerPortSchema>;
export type ContainerState = Container['state'];
export type ContainerHealth = Container['health'];
export type EngineInfo = z.infer<typeof engineInfoSchema>;
export type LogsStartInput = z.infer<typeof logsStartInputSchema>;
export type ContainerLogsEvent = z.infer<typeof containerLogsEventSchema>;
export type ContainerLogsEndEvent = z.infer<typeof containerLogsEndEventSchema>;
export type ContainersChangedEvent = z.infer<typeof containersChangedEventSchema>;

/**
 * `docker.*` and `containers.*` calls. They connect the host on demand. Errors: UNAVAILABLE (host or engine
 * unreachable, with the host state's reason), NOT_FOUND (unknown host or container), CONFLICT (removing a
 * running container without force; Docker's own conflicts), VALIDATION (bad id).
 */
export const containersMethods = {
  'docker.info': method(hostScopeInputSchema, engineInfoSchema),
  'containers.list': method(hostScopeInputSchema, z.array(containerSchema)),
  'containers.get': method(containerRefInputSchema, containerSchema),
  /** start/stop/restart answer the container as it is afterwards; acting on the state it is already in is fine. */
  'containers.start': method(containerRefInputSchema, containerSchema),
  'containers.stop': method(containerStopInputSchema, containerSchema),
  'containers.restart': method(containerStopInputSchema, containerSchema),
  'containers.remove': method(containerRemoveInputSchema, containerRemoveResultSchema),
  /** Answers a streamId; lines follow as `containers.logs`, the end as `containers.logs.end`. */
  'containers.logs.start': method(logsStartInputSchema, logsStartResultSchema),
  'containers.logs.stop': method(logsStopInputSchema, logsStopResultSchema),
};

export const containersEvents = {
  'containers.changed': event(containersChangedEventSchema),
  'containers.logs': event(containerLogsEventSchema),
  'containers.logs.end': event(containerLogsEndEventSchema),
};
