import { z } from 'zod';
import { event, method } from '../rpc/define';
import { deploySchema } from './deploys';
import { hostIdSchema, rowIdSchema } from './ids';

/**
 * Workloads: an application Tidewatch deploys itself (as opposed to containers it only watches), with
 * stages (dev, rel, prod…) that each follow the tags matching a pattern. Instances are containers on the
 * workload's host, found by their labels; the database holds only the configuration.
 */

/** DNS-safe names: they become container names and parts of subdomains. */
export const workloadNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'Lowercase letters, digits and dashes (e.g. web-app)');
export const stageNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'Lowercase letters, digits and dashes (e.g. dev)');

/** Docker object names (containers, networks): also what keeps a name from reaching another API path. */
const dockerName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Expected a Docker name (letters, digits, _ . -)');

/** Labels every workload container carries: how instances are found again after a restart. */
export const WORKLOAD_LABELS = {
  workload: 'tidewatch.workload',
  stage: 'tidewatch.stage',
  tag: 'tidewatch.tag',
  deploy: 'tidewatch.deploy',
} as const;

/** An environment variable; a secret one keeps its value in the secret store, never in the DB or the UI. */
export const workloadEnvSchema = z
  .object({
    key: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'Expected an environment variable name'),
    /** Input: the value (a secret's is written to the secret store). Output: null for a secret. */
    value: z.string().max(10_000).nullable(),
    secret: z.boolean().default(false),
  })
  .strict();

export const workloadVolumeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('volume'),
      name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Expected a volume name'),
      target: z.string().startsWith('/'),
      readOnly: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal('bind'),
      /** Must lie under the host's allowed base path (the proxy/workload settings of the host). */
      source: z.string().startsWith('/'),
      target: z.string().startsWith('/'),
      readOnly: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      kind: z.literal('tmpfs'),
      target: z.string().startsWith('/'),
      sizeMb: z.int().positive().max(65_536).nullable().default(null),
    })
    .strict(),
]);

export const stageInputSchema = z
  .object({
    name: stageNameSchema,
    /** A glob over tags: `dev-*`, `v*`, `*`. */
    tagPattern: z.string().trim().min(1).max(100),
    autoDeploy: z.boolean().default(false),
    /** 1: strict blue-green (one instance); more: several tags side by side, each on its own subdomain. */
    maxInstances: z.int().min(1).max(10).default(1),
    /** Ask before deploying (the UI asks; auto-deploy never applies to such a stage). */
    confirm: z.boolean().default(false),
    /** Only tags running in that stage are offered (promotion). */
    promoteFrom: stageNameSchema.nullable().default(null),
    /** A subdomain (`launcher`) or a full domain (`launcher.example.com`); null: the global pattern. */
    subdomain: z.string().trim().min(1).max(200).nullable().default(null),
    /**
     * registrywatcher's pin: null follows the newest semver tag matching the pattern; a tag redeploys
     * whenever that tag's digest changes.
     */
    pinnedTag: z.string().trim().min(1).max(128).nullable().default(null),
    /**
     * Deploy this stage by updating a Swarm service of that name (the workload's host must manage the swarm)
     * instead of starting containers beside each other: Swarm's start-first update and rollback do the work.
     */
    swarmService: dockerName.nullable().default(null),
  })
  .strict();

export const workloadInputSchema = z
  .object({
    name: workloadNameSchema,
    hostId: hostIdSchema,
    /** Image repository without a tag, e.g. `registry.example.com/team/web`. */
    image: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .refine((value) => !/[@\s]/.test(value), 'Expected an image repository without digest'),
    /** The port the application listens on inside the container. */
    port: z.int().min(1).max(65_535),
    /** An HTTP path the health gate probes; null: the image's HEALTHCHECK, else "running". */
    healthPath: z.string().startsWith('/').max(500).nullable().default(null),
    env: z.array(workloadEnvSchema).max(200).default([]),
    volumes: z.array(workloadVolumeSchema).max(50).default([]),
    cpus: z.number().positive().max(256).nullable().default(null),
    memoryMb: z.int().min(6).max(1_048_576).nullable().default(null),
    /** The Docker network the instances and the proxy share; null: the global default. */
    network: dockerName.nullable().default(null),
    stages: z.array(stageInputSchema).min(1).max(10),
  })
  .strict();

export const stageSchema = stageInputSchema.extend({
  id: rowIdSchema,
  /** A tag that arrived for this stage and waits (auto-deploy off, or confirm): "ready to deploy". */
  pendingTag: z.string().nullable(),
  /** For a pinned tag: the digest last deployed, to see the tag move. */
  deployedDigest: z.string().nullable(),
});

export const instanceSchema = z.object({
  containerId: z.string(),
  containerName: z.string(),
  stage: z.string(),
  tag: z.string(),
  /** Docker's state: running, exited, paused… */
  state: z.string(),
  status: z.string(),
  health: z.enum(['healthy', 'unhealthy', 'starting', 'none']),
  /** Where the proxy serves it (https? by the provider), null without a proxy face. */
  url: z.string().nullable(),
  createdAt: z.string(),
  /** True for the instance the stage's route serves now (strict blue-green: the live one). */
  live: z.boolean(),
});

export const workloadSchema = workloadInputSchema.extend({
  id: rowIdSchema,
  stages: z.array(stageSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const workloadViewSchema = workloadSchema.extend({
  /** Instances on the host now; empty with `reachable: false` when the host cannot be asked. */
  instances: z.array(instanceSchema),
  reachable: z.boolean(),
  unreachableReason: z.string().nullable(),
});

export type WorkloadInput = z.input<typeof workloadInputSchema>;
export type WorkloadInputParsed = z.output<typeof workloadInputSchema>;
export type StageInput = z.output<typeof stageInputSchema>;
export type Stage = z.infer<typeof stageSchema>;
export type Workload = z.infer<typeof workloadSchema>;
export type WorkloadView = z.infer<typeof workloadViewSchema>;
export type WorkloadInstance = z.infer<typeof instanceSchema>;
export type WorkloadEnv = z.infer<typeof workloadEnvSchema>;
export type WorkloadVolume = z.infer<typeof workloadVolumeSchema>;

/** A tag the stage may deploy, newest first. */
export const stageTagSchema = z.object({
  tag: z.string(),
  /** Running in the promote-from stage now (promotion), or the pinned tag. */
  note: z.string().nullable(),
});

/** What quick deploy learns from pulling and inspecting an image on the chosen host. */
export const imageInspectionSchema = z.object({
  image: z.string(),
  tag: z.string(),
  exposedPorts: z.array(z.int()),
  hasHealthcheck: z.boolean(),
  labels: z.record(z.string(), z.string()),
  env: z.array(z.object({ key: z.string(), value: z.string() })),
  /** A suggested workload name (from the repository). */
  suggestedName: z.string(),
});

// ---------- proxy per host ----------
export const PROXY_KINDS = ['none', 'caddy', 'traefik', 'npm'] as const;
export const proxyKindSchema = z.enum(PROXY_KINDS);

export const proxySettingsSchema = z.object({
  hostId: hostIdSchema,
  kind: proxyKindSchema,
  /** Caddy: the container running Caddy on that host (its admin API is reached through SSH). */
  caddyContainer: dockerName.nullable(),
  caddyAdminPort: z.int().min(1).max(65_535),
  /** Traefik: the entry point and the optional certificate resolver the router labels name. */
  traefikEntrypoint: z.string().max(100).nullable(),
  traefikCertResolver: z.string().max(100).nullable(),
  /** Nginx Proxy Manager: its API as the host sees it (e.g. http://127.0.0.1:81) and the login e-mail. */
  npmUrl: z.string().max(500).nullable(),
  npmEmail: z.string().max(320).nullable(),
  /** Whether an NPM password is in the secret store (never the password itself). */
  npmPasswordSet: z.boolean(),
  /** Base path under which workload bind mounts may live on that host; null: bind mounts refused. */
  bindBasePath: z.string().startsWith('/').max(500).nullable(),
  /** Served with TLS by the proxy: instance URLs are https. */
  https: z.boolean(),
});

export const proxySettingsInputSchema = proxySettingsSchema
  .omit({ npmPasswordSet: true })
  .partial()
  .extend({
    hostId: hostIdSchema,
    /** Written to the secret store; null removes it; absent keeps it. */
    npmPassword: z.string().max(1000).nullable().optional(),
  })
  .strict();

export type ProxyKind = z.infer<typeof proxyKindSchema>;
export type ProxySettings = z.infer<typeof proxySettingsSchema>;
export type ProxySettingsInput = z.infer<typeof proxySettingsInputSchema>;

export const routeInfoSchema = z.object({
  hostname: z.string(),
  upstreams: z.array(z.string()),
  /** Managed by Tidewatch (its id/marker) or found there. */
  managed: z.boolean(),
});

// ---------- YAML (Docker Watcher seed format) ----------
export const yamlProblemSchema = z.object({
  line: z.int().nullable(),
  message: z.string(),
});
export const yamlChangeSchema = z.object({
  kind: z.enum(['add', 'change', 'remove', 'same']),
  /** e.g. `workload web`, `stage web/dev`, `registry gitea`, `global domain`. */
  what: z.string(),
  detail: z.string().nullable(),
});

const workloadId = z.object({ id: rowIdSchema }).strict();

// ---------- contract namespace `workloads` (spread into shared/contract.ts) ----------
export const workloadsMethods = {
  /** Every workload with its stages and the instances found on its host. */
  'workloads.list': method(
    z.object({ hostId: hostIdSchema.optional() }).strict().optional(),
    z.array(workloadViewSchema),
  ),
  'workloads.get': method(workloadId, workloadViewSchema),
  /** CONFLICT for a name taken on that host; NOT_FOUND for an unknown host. */
  'workloads.create': method(workloadInputSchema, workloadSchema),
  /** Replaces the configuration (stages by name: kept ones keep their pending tag and pin state). */
  'workloads.update': method(workloadInputSchema.extend({ id: rowIdSchema }).strict(), workloadSchema),
  /** Teardown: every instance, the routes and (optionally) named volumes; idempotent. */
  'workloads.remove': method(
    z.object({ id: rowIdSchema, removeVolumes: z.boolean().default(false) }).strict(),
    z.object({ removedContainers: z.int(), removedRoutes: z.int(), removedVolumes: z.int() }),
  ),
  /** Tags the stage may deploy: matching its pattern, or running in its promote-from stage. */
  'workloads.tags': method(
    z.object({ id: rowIdSchema, stage: stageNameSchema }).strict(),
    z.array(stageTagSchema),
  ),
  /**
   * Deploys a tag to a stage through the deploy engine (blue-green behind the host's proxy). A stage with
   * `confirm` needs `confirmed: true`; a tag outside the stage's pattern (or not in its promote-from stage)
   * is a VALIDATION error.
   */
  'workloads.deploy': method(
    z
      .object({
        id: rowIdSchema,
        stage: stageNameSchema,
        tag: z.string().trim().min(1).max(128),
        confirmed: z.boolean().default(false),
      })
      .strict(),
    deploySchema,
  ),
  'workloads.instanceAction': method(
    z
      .object({
        id: rowIdSchema,
        containerName: dockerName,
        action: z.enum(['start', 'stop', 'restart', 'remove']),
      })
      .strict(),
    z.object({ ok: z.literal(true) }),
  ),
  /** Quick deploy, first half: pulls the image on the host and answers what it declares. */
  'workloads.inspectImage': method(
    z.object({ hostId: hostIdSchema, image: z.string().trim().min(1).max(600) }).strict(),
    imageInspectionSchema,
  ),
  /** Deploy history of one workload, newest first. */
  'workloads.history': method(
    z.object({ id: rowIdSchema, limit: z.int().min(1).max(500).default(50) }).strict(),
    z.array(deploySchema),
  ),
  /** Reads a Docker Watcher seed file; `apply: false` answers the diff only. Bad YAML changes nothing. */
  'workloads.importYaml': method(
    z
      .object({
        text: z.string().max(1_000_000),
        apply: z.boolean().default(false),
        /** The host for projects that name none (the seed format has one server). */
        hostId: hostIdSchema.optional(),
      })
      .strict(),
    z.object({
      ok: z.boolean(),
      problems: z.array(yamlProblemSchema),
      changes: z.array(yamlChangeSchema),
      applied: z.boolean(),
    }),
  ),
  /** The configuration as a seed file; secrets as references unless `includeSecrets` (the UI confirms). */
  'workloads.exportYaml': method(
    z
      .object({ includeSecrets: z.boolean().default(false) })
      .strict()
      .optional(),
    z.object({ text: z.string() }),
  ),
  /**
   * Looks for new tags now (all workloads, or one): auto-deploy stages deploy, the others get a pending
   * tag. The update watch runs the same check after each of its own.
   */
  'workloads.check': method(
    z.object({ id: rowIdSchema.optional() }).strict().optional(),
    z.array(
      z.object({
        workloadId: rowIdSchema,
        stage: z.string(),
        tag: z.string(),
        action: z.enum(['deployed', 'pending', 'busy', 'none']),
      }),
    ),
  ),
  'proxy.get': method(z.object({ hostId: hostIdSchema }).strict(), proxySettingsSchema),
  'proxy.set': method(proxySettingsInputSchema, proxySettingsSchema),
  /** The routes the host's proxy has now (UNAVAILABLE with the reason when it cannot be asked). */
  'proxy.routes': method(z.object({ hostId: hostIdSchema }).strict(), z.array(routeInfoSchema)),
} as const;

export const workloadsEvents = {
  /** A workload's configuration, pending tags or instances changed: refetch it. */
  'workloads.changed': event(z.object({ id: rowIdSchema.nullable() })),
} as const;
