/**
 * Docker Swarm as a deploy target: the cluster a host belongs to (read over that host's SSH-tunnelled engine,
 * which must be a manager to see the whole cluster) and start-first service updates that Swarm itself rolls
 * back when the new tasks fail their health check. A service update is a deploy like any other: it has a
 * record in the deploy history (`kind: 'swarm'`), sends `deploys.progress` and can be cancelled.
 */
import { z } from 'zod';
import { method } from '../rpc/define';
import { hostScopeInputSchema } from './containers';
import { deploySchema } from './deploys';
import { hostIdSchema } from './ids';

export const swarmNodeSchema = z.object({
  id: z.string(),
  hostname: z.string(),
  role: z.enum(['manager', 'worker']),
  /** The manager that leads the Raft group; at most one node has it. */
  leader: z.boolean(),
  /** Swarm's own node state: `ready`, `down`, `disconnected`, `unknown`. */
  state: z.string(),
  /** `active` (takes tasks), `pause` (keeps its tasks, takes no new ones) or `drain`. */
  availability: z.string(),
  engineVersion: z.string().nullable(),
  /** The address the node talks to the cluster from. */
  address: z.string().nullable(),
});

export const swarmTaskSchema = z.object({
  id: z.string(),
  /** The replica number (replicated services); null for global services. */
  slot: z.int().nullable(),
  nodeId: z.string().nullable(),
  /** What the task is (`running`, `starting`, `shutdown`, `failed`, `complete`, `rejected`...). */
  state: z.string(),
  /** What Swarm wants it to be (`running` for current tasks, `shutdown` for replaced ones). */
  desiredState: z.string(),
  message: z.string().nullable(),
  error: z.string().nullable(),
  /** The image the task runs, as the service spec had it (with its digest). */
  image: z.string(),
  updatedAt: z.string().nullable(),
});

/** A service's last update as Swarm reports it; `rollback_*` states are Swarm's own automatic rollback. */
export const swarmUpdateStatusSchema = z.object({
  state: z.string(),
  message: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});

export const swarmServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The image reference without its digest (what the user chose). */
  image: z.string(),
  /** The digest the spec pins, where it has one. */
  digest: z.string().nullable(),
  mode: z.enum(['replicated', 'global', 'other']),
  /** Desired replicas (replicated services). */
  replicas: z.int().nullable(),
  /** Tasks that want to run and do. */
  running: z.int().nonnegative(),
  /** `vip` or `dnsrr`; blue-green through the proxy needs `dnsrr` here (no IPVS routing mesh). */
  endpointMode: z.string().nullable(),
  /** `start-first` starts the new task before the old one stops; `stop-first` is Swarm's default. */
  updateOrder: z.string().nullable(),
  /** What Swarm does when an update fails: `rollback`, `pause` or `continue`. */
  failureAction: z.string().nullable(),
  update: swarmUpdateStatusSchema.nullable(),
  /** True when Swarm kept a previous spec, so a manual roll back has somewhere to go. */
  hasPrevious: z.boolean(),
  /** Current tasks first, then the most recent replaced ones (a few per slot). */
  tasks: z.array(swarmTaskSchema),
});

export const swarmClusterSchema = z.discriminatedUnion('mode', [
  /** The engine is not part of a swarm. */
  z.object({ hostId: hostIdSchema, mode: z.literal('none') }),
  /** A worker sees only itself: the cluster has to be read from a manager (its addresses are listed). */
  z.object({
    hostId: hostIdSchema,
    mode: z.literal('worker'),
    nodeId: z.string(),
    managers: z.array(z.string()),
  }),
  z.object({
    hostId: hostIdSchema,
    mode: z.literal('manager'),
    /**
     * The host whose engine answered: the one asked, or another manager of the same cluster when the asked
     * host is a worker or cannot be reached (a lost manager does not hide the cluster).
     */
    via: hostIdSchema,
    clusterId: z.string(),
    nodeId: z.string(),
    nodes: z.array(swarmNodeSchema),
    services: z.array(swarmServiceSchema),
    /** The swarm's overlay networks by name (what a new service can join), Swarm's own `ingress` left out. */
    networks: z.array(z.string()),
  }),
]);

export type SwarmNode = z.infer<typeof swarmNodeSchema>;
export type SwarmTask = z.infer<typeof swarmTaskSchema>;
export type SwarmService = z.infer<typeof swarmServiceSchema>;
export type SwarmUpdateStatus = z.infer<typeof swarmUpdateStatusSchema>;
export type SwarmCluster = z.infer<typeof swarmClusterSchema>;

const serviceName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Expected a service name');

const imageTag = z.string().regex(/^[\w][\w.-]{0,127}$/, 'Expected an image tag');

export const swarmDeployInputSchema = z
  .object({
    hostId: hostIdSchema,
    service: serviceName,
    /** The tag to roll out; omitted: the service's own tag again (picks up a new digest behind it). */
    tag: imageTag.optional(),
    /** Tasks replaced at once (default 1). */
    parallelism: z.int().min(1).max(100).optional(),
    /** Seconds between batches (default 0). */
    delaySeconds: z.int().min(0).max(3600).optional(),
    /** Seconds Swarm watches each new task for a failure before it counts the batch as good (default 15). */
    monitorSeconds: z.int().min(1).max(3600).optional(),
    /**
     * An HTTP path the new tasks must answer 2xx on (probed inside each task with `wget`, no shell); omitted:
     * the image's own HEALTHCHECK decides. Needs `healthPort`.
     */
    healthPath: z
      .string()
      .max(500)
      .regex(/^\/[\w\-./~%?=&+:@!$'()*,;]*$/, 'Expected an HTTP path such as /healthz')
      .optional(),
    healthPort: z.int().min(1).max(65535).optional(),
  })
  .strict()
  .refine((input) => input.healthPath === undefined || input.healthPort !== undefined, {
    message: 'A health path needs the port the service listens on',
    path: ['healthPort'],
  });

export type SwarmDeployInput = z.infer<typeof swarmDeployInputSchema>;

const swarmObjectName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Expected a name (letters, digits, _ . -)');

export const swarmServiceCreateSchema = z
  .object({
    hostId: hostIdSchema,
    name: serviceName,
    /** `registry/repo:tag`; Swarm pins it to the registry's digest when it creates the service. */
    image: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .regex(/^[^\s@]+$/, 'Expected an image reference without digest (registry/repo:tag)'),
    replicas: z.int().min(0).max(100).default(1),
    /** Placement constraints as Swarm writes them: `node.role==worker`, `node.labels.disk!=hdd`. */
    constraints: z
      .array(
        z
          .string()
          .trim()
          .max(200)
          .regex(/^[\w.-]+\s*(==|!=)\s*[\w.:-]+$/, 'Expected a constraint like node.role==worker'),
      )
      .max(20)
      .default([]),
    /** Overlay networks of the swarm to attach (by name); the service is reached by name there (dnsrr). */
    networks: z.array(swarmObjectName).max(10).default([]),
    /** Swarm secrets by name, mounted at /run/secrets/<name>: the value never passes through Tidewatch. */
    secrets: z.array(swarmObjectName).max(50).default([]),
  })
  .strict();

export type SwarmServiceCreateInput = z.input<typeof swarmServiceCreateSchema>;

export const swarmMethods = {
  /**
   * The swarm the host's engine belongs to: nodes, services and their tasks when it is a manager. NOT_FOUND
   * for an unknown host, UNAVAILABLE when the engine cannot be reached.
   */
  'swarm.cluster': method(hostScopeInputSchema, swarmClusterSchema),
  /**
   * Rolls a new image out to a service (by digest, start-first, failure action rollback) and answers at once
   * with the deploy record; progress follows as `deploys.progress`, Swarm's own rollback ends it as
   * `rolled-back`, `deploys.cancel` asks Swarm to roll back. NOT_FOUND for an unknown service, CONFLICT when
   * the host is not a swarm manager, BUSY while the service has a deploy running.
   */
  'swarm.deploy': method(swarmDeployInputSchema, deploySchema),
  /**
   * Creates a replicated service (quick deploy on a swarm): start-first updates that Swarm rolls back on
   * failure, `dnsrr` endpoints (no routing mesh needed), and the networks and secrets named. NOT_FOUND for a
   * network or secret the swarm does not have, CONFLICT for a name in use or a host that is not a manager.
   */
  'swarm.createService': method(swarmServiceCreateSchema, swarmServiceSchema),
  /**
   * Swarm's manual rollback to the service's previous spec, followed and recorded like a deploy. CONFLICT
   * when Swarm has no previous spec.
   */
  'swarm.rollback': method(z.object({ hostId: hostIdSchema, service: serviceName }).strict(), deploySchema),
} as const;
