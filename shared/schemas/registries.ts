import { z } from 'zod';
import { method, noInput, removedResult } from '../rpc/define';
import { rowIdSchema } from './ids';

/**
 * A registry host as the user types it: `registry.example.com`, `10.0.0.5:5000`, `docker.io`.
 * A scheme or path is accepted on input and stripped by the service; here we only bound the length.
 */
const hostInput = z.string().trim().min(1).max(255);

export const registryIdSchema = rowIdSchema;

/** A configured registry as the UI sees it: the password or token never leaves the core. */
export const registrySchema = z.object({
  id: registryIdSchema,
  name: z.string(),
  /** Normalised `host[:port]`; `docker.io` for Docker Hub. */
  host: z.string(),
  username: z.string().nullable(),
  /** A password or token is stored in the secret store for this registry. */
  hasSecret: z.boolean(),
  /** Plain HTTP is used only when this is set. */
  insecure: z.boolean(),
  createdAt: z.string(),
});

export const registryCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    host: hostInput,
    username: z.string().min(1).max(255).optional(),
    /** Password or access token; goes to the secret store only. */
    password: z.string().min(1).max(4096).optional(),
    insecure: z.boolean().default(false),
  })
  .strict();

export const registryUpdateSchema = z
  .object({
    id: registryIdSchema,
    name: z.string().trim().min(1).max(100).optional(),
    host: hostInput.optional(),
    /** null clears the username (anonymous access). */
    username: z.string().min(1).max(255).nullable().optional(),
    /** null deletes the stored secret; omitted keeps it. */
    password: z.string().min(1).max(4096).nullable().optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

export const registryRefSchema = z.object({ id: registryIdSchema }).strict();

/** Either a saved registry or unsaved settings (the form's "Test" button before saving). */
export const registryTestInputSchema = z.union([
  registryRefSchema,
  z
    .object({
      host: hostInput,
      username: z.string().min(1).max(255).optional(),
      password: z.string().min(1).max(4096).optional(),
      insecure: z.boolean().default(false),
    })
    .strict(),
]);

export const REGISTRY_TEST_STATUSES = ['ok', 'unauthorized', 'unreachable', 'rate-limited', 'error'] as const;

export const registryTestResultSchema = z.object({
  status: z.enum(REGISTRY_TEST_STATUSES),
  /** Which authentication the registry asked for. */
  auth: z.enum(['none', 'basic', 'bearer', 'unknown']),
  message: z.string(),
  /** `ratelimit-remaining` when the registry reports it (Docker Hub does). */
  rateLimitRemaining: z.int().nullable(),
  durationMs: z.number(),
});

export const dockerConfigImportInputSchema = z
  .object({
    // No path: only $DOCKER_CONFIG/config.json (default ~/.docker/config.json) is read, never a given file.
    /** Hosts (as listed in `candidates`) to create registries for; omitted = only list the candidates. */
    importHosts: z.array(z.string().min(1).max(255)).max(100).optional(),
  })
  .strict();

export const dockerConfigCandidateSchema = z.object({
  host: z.string(),
  username: z.string().nullable(),
  /** The entry carries a password or token (never returned itself). */
  hasSecret: z.boolean(),
  /** A registry with this host is already configured. */
  alreadyConfigured: z.boolean(),
  /** Why the entry cannot be imported (credential helper only, undecodable auth …), else null. */
  problem: z.string().nullable(),
});

export const dockerConfigImportResultSchema = z.object({
  path: z.string(),
  candidates: z.array(dockerConfigCandidateSchema),
  imported: z.array(registrySchema),
});

export type Registry = z.infer<typeof registrySchema>;
export type RegistryCreate = z.infer<typeof registryCreateSchema>;
export type RegistryUpdate = z.infer<typeof registryUpdateSchema>;
export type RegistryTestInput = z.infer<typeof registryTestInputSchema>;
export type RegistryTestResult = z.infer<typeof registryTestResultSchema>;
export type DockerConfigCandidate = z.infer<typeof dockerConfigCandidateSchema>;
export type DockerConfigImportResult = z.infer<typeof dockerConfigImportResultSchema>;

// ---------- contract namespace `registries` (spread into shared/contract.ts) ----------
export const registriesMethods = {
  'registries.list': method(noInput, z.array(registrySchema)),
  'registries.create': method(registryCreateSchema, registrySchema),
  'registries.update': method(registryUpdateSchema, registrySchema),
  'registries.remove': method(registryRefSchema, removedResult(registryIdSchema)),
  'registries.test': method(registryTestInputSchema, registryTestResultSchema),
  'registries.importDockerConfig': method(dockerConfigImportInputSchema, dockerConfigImportResultSchema),
} as const;
