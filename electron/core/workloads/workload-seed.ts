/**
 * Reading a Docker Watcher seed file: YAML text → a checked `SeedConfig`, or every problem with its line.
 * Pure (no I/O). Mapping to workloads, the diff and the export live in `workload-yaml.ts`, which documents
 * the whole format and what a caller must do with `seed.secrets`.
 *
 * The format, top-level keys `global`, `registries`, `projects` (all optional):
 *
 *   global:
 *     domain: example.test                  → settings.workloadDomain
 *     network: apps                         → settings.workloadNetwork
 *     subdomain_pattern: "stage-{stage}-{project}"      → settings.subdomainPattern (same placeholders)
 *     tag_subdomain_pattern: "…-{tag}"      (ours) → settings.tagSubdomainPattern; when absent and
 *                                           subdomain_pattern is given: subdomain_pattern + "-{tag}",
 *                                           Docker Watcher's convention for a tag's own subdomain
 *     server_ip, notification_url           read and checked, not used (hosts are SSH hosts here, and
 *                                           notifiers are set up in Settings)
 *     npm: { url, email, password, host }   the Nginx Proxy Manager of one host (`host`, ours: a host
 *                                           name; absent: the import's default host)
 *   registries:
 *     <name>: { url, type, token, username } `url` gives the host (an http:// URL means plain HTTP);
 *                                           `type` is read and not used (every registry speaks the OCI
 *                                           distribution API); `username` is ours and required with a
 *                                           token, because Tidewatch logs in with both
 *   projects:
 *     <name>:                               the workload name (or any key with `name:`, ours, for the
 *                                           same workload name on two hosts)
 *       host, registry, image, port, healthcheck (alias health_path), env, secret_env, volumes, cpus,
 *       memory_mb, network, stages: { <stage>: { tag_pattern, auto_deploy, max_instances, confirm,
 *       promote_from, subdomain, pinned_tag, swarm_service } }
 *
 * Ours beyond Docker Watcher: project `host`, `name`, `health_path`, `secret_env`, `volumes`
 * (`{kind: volume, name, target, read_only}`, `{kind: bind, source, target, read_only}`,
 * `{kind: tmpfs, target, size_mb}`), `cpus`, `memory_mb`, `network`; stage `pinned_tag` and `swarm_service`; registry
 * `username`; `global.tag_subdomain_pattern`, `global.npm.host`.
 *
 * Secrets: a registry `token`, `global.npm.password` and every value under a project's `secret_env` are
 * secrets. Each holds either the value itself, or the reference `${stored}` (SECRET_REF), which means
 * "keep what the secret store holds". Values never stay in the seed's structure: they are moved to
 * `seed.secrets`, and the structure only says `inline` or `stored`. Nothing else in the file is secret
 * (plain `env` values are stored in the database, as in the workload form).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { settingsSchema } from '@shared/schemas/settings';
import {
  stageInputSchema,
  stageNameSchema,
  workloadEnvSchema,
  workloadInputSchema,
  workloadNameSchema,
  type StageInput,
  type WorkloadVolume,
} from '@shared/schemas/workloads';
import { normalizeRegistryHost } from '../registry/image-reference';

/** Written instead of a secret's value: on import it keeps the stored secret instead of replacing it. */
export const SECRET_REF = '${stored}';

export interface YamlProblem {
  line: number | null;
  message: string;
}

/** Where a secret field's value comes from: `inline` (in `seed.secrets`) or `stored` (keep the store's). */
export type SecretSource = 'inline' | 'stored';

export interface SeedNpm {
  /** A Tidewatch host name; null: the import's default host. */
  host: string | null;
  url: string | null;
  email: string | null;
  password: SecretSource | null;
  line: number | null;
}

export interface SeedGlobal {
  domain?: string;
  network?: string;
  subdomainPattern?: string;
  tagSubdomainPattern?: string;
  /** Read and checked, not used. */
  serverIp?: string;
  notificationUrl?: string;
  npm?: SeedNpm;
}

export interface SeedRegistry {
  name: string;
  /** Normalised `host[:port]`, as the registry service stores it. */
  host: string;
  username: string | null;
  /** An http:// URL: the registry is reached over plain HTTP. */
  insecure: boolean;
  type: string | null;
  token: SecretSource | null;
  line: number | null;
}

export interface SeedEnv {
  key: string;
  /** Plain values only; a secret's value is in `seed.secrets`. */
  value: string | null;
  secret: boolean;
  source: SecretSource | null;
}

export interface SeedProject {
  name: string;
  /** The key in the file (differs from `name` only with the `name:` field). */
  key: string;
  /** A Tidewatch host name; null: the import's default host. */
  host: string | null;
  registry: string | null;
  /** With the registry's host in front when the file gave a bare repository and a registry. */
  image: string;
  port: number;
  healthPath: string | null;
  env: SeedEnv[];
  volumes: WorkloadVolume[];
  cpus: number | null;
  memoryMb: number | null;
  network: string | null;
  stages: StageInput[];
  line: number | null;
  hostLine: number | null;
}

export type SeedSecretTarget =
  | { kind: 'registry-token'; registry: string; host: string }
  | { kind: 'npm-password'; host: string | null }
  | { kind: 'env'; project: string; host: string | null; key: string };

/** A secret value the file carried inline: for the secret store only, never the database or a log. */
export type SeedSecret = SeedSecretTarget & { value: string; line: number | null };

export interface SeedConfig {
  global: SeedGlobal;
  registries: SeedRegistry[];
  projects: SeedProject[];
  secrets: SeedSecret[];
}

export type ParseSeedResult = { ok: true; seed: SeedConfig } | { ok: false; problems: YamlProblem[] };

// ---------- the file's shape, checked with the same rules as the forms ----------

const secretValue = z.string().min(1).max(4096);
const httpUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/\S+$/, 'Expected an http:// or https:// URL');
const s = settingsSchema.shape;
const w = workloadInputSchema.shape;
const st = stageInputSchema.shape;

const npmFile = z
  .object({
    host: z.string().trim().min(1).max(200).optional(),
    url: httpUrl.optional(),
    email: z
      .string()
      .trim()
      .max(320)
      .regex(/^[^@\s]+@[^@\s]+$/, 'Expected an e-mail address')
      .optional(),
    password: secretValue.optional(),
  })
  .strict();

const globalFile = z
  .object({
    domain: s.workloadDomain.optional(),
    server_ip: z.string().trim().max(100).optional(),
    network: s.workloadNetwork.optional(),
    subdomain_pattern: s.subdomainPattern.optional(),
    tag_subdomain_pattern: s.tagSubdomainPattern.optional(),
    notification_url: httpUrl.optional(),
    npm: npmFile.optional(),
  })
  .strict();

const registryFile = z
  .object({
    url: z.string().trim().min(1).max(500),
    type: z.string().trim().min(1).max(50).optional(),
    username: z.string().min(1).max(255).optional(),
    token: secretValue.optional(),
  })
  .strict();

const stageFile = z
  .object({
    tag_pattern: st.tagPattern,
    auto_deploy: z.boolean().optional(),
    max_instances: st.maxInstances.optional(),
    confirm: z.boolean().optional(),
    promote_from: stageNameSchema.optional(),
    subdomain: z.string().trim().min(1).max(200).optional(),
    pinned_tag: z.string().trim().min(1).max(128).optional(),
    swarm_service: z.string().trim().min(1).max(255).optional(),
  })
  .strict();

const readOnly = z.boolean().optional();
const volumeFile = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('volume'),
      name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'Expected a volume name'),
      target: z.string().startsWith('/'),
      read_only: readOnly,
    })
    .strict(),
  z
    .object({
      kind: z.literal('bind'),
      source: z.string().startsWith('/'),
      target: z.string().startsWith('/'),
      read_only: readOnly,
    })
    .strict(),
  z
    .object({
      kind: z.literal('tmpfs'),
      target: z.string().startsWith('/'),
      size_mb: z.int().positive().max(65_536).optional(),
    })
    .strict(),
]);

const envKey = workloadEnvSchema.shape.key;
/** YAML reads `PORT: 3000` as a number and `EMPTY:` as null; an environment value is text either way. */
const envValue = z
  .union([z.string().max(10_000), z.number(), z.boolean(), z.null()])
  .transform((value) => (value === null ? '' : String(value)));
const healthPath = z.string().startsWith('/').max(500);

const projectFile = z
  .object({
    name: workloadNameSchema.optional(),
    host: z.string().trim().min(1).max(200).optional(),
    registry: z.string().trim().min(1).max(100).optional(),
    image: w.image,
    port: w.port,
    healthcheck: healthPath.optional(),
    health_path: healthPath.optional(),
    env: z.record(envKey, envValue).optional(),
    secret_env: z.record(envKey, secretValue).optional(),
    volumes: z.array(volumeFile).max(50).optional(),
    cpus: z.number().positive().max(256).optional(),
    memory_mb: z.int().min(6).max(1_048_576).optional(),
    network: z.string().trim().min(1).max(200).optional(),
    stages: z.record(stageNameSchema, stageFile),
  })
  .strict();

const seedFile = z
  .object({
    global: globalFile.optional(),
    registries: z.record(z.string().trim().min(1).max(100), registryFile).optional(),
    projects: z.record(z.string().trim().min(1).max(100), projectFile).optional(),
  })
  .strict();

type SeedFile = z.infer<typeof seedFile>;
type ProjectFile = z.infer<typeof projectFile>;
type Path = ReadonlyArray<PropertyKey>;

/** The field names of the object at a path in the file, for "did you mean" on a typo. */
function fieldsAt(path: Path): string[] {
  const [top, , third] = path;
  const keys = (schema: { shape: object }): string[] => Object.keys(schema.shape);
  if (path.length === 0) return keys(seedFile);
  if (top === 'global') return path.length === 1 ? keys(globalFile) : keys(npmFile);
  if (top === 'registries') return keys(registryFile);
  if (path.length === 2) return keys(projectFile);
  if (third === 'stages') return keys(stageFile);
  return ['kind', 'name', 'source', 'target', 'read_only', 'size_mb'];
}

// ---------- parsing ----------

/** YAML text → a checked seed, or every problem found (syntax, unknown fields, types, references). */
export function parseSeed(text: string): ParseSeedResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const at = (offset: number | undefined): number | null =>
    offset === undefined ? null : lines.linePos(offset).line;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        line: at(error.pos[0]),
        message: syntaxMessage(error.message),
      })),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // Alias bombs and similar: the yaml library refuses them while resolving.
    return { ok: false, problems: [{ line: null, message: `YAML: ${errorText(error)}` }] };
  }
  const locate = (path: Path, key?: string): number | null => at(offsetOf(doc, path, key));
  const checked = seedFile.safeParse(raw);
  if (!checked.success) return { ok: false, problems: sortProblems(zodProblems(checked.error, locate)) };
  const problems = crossCheck(checked.data, locate);
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, seed: toSeed(checked.data, locate) };
}

function syntaxMessage(message: string): string {
  if (message.startsWith('Source contains multiple documents'))
    return 'YAML syntax: a seed is one YAML document (found a second one after ---)';
  // The library's message repeats the position ("at line 3, column 5"); we give the line separately.
  return `YAML syntax: ${message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim()}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sortProblems(problems: YamlProblem[]): YamlProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

/**
 * The offset in the text of the node at `path` (or of the key `key` inside it); the deepest existing
 * ancestor when the path does not exist (a missing field is reported on its object's line).
 */
function offsetOf(doc: Document, path: Path, key?: string): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  // Where the current node was named (its key): a field missing inside it is reported there.
  let named = offset;
  const steps = key === undefined ? path : [...path, key];
  for (const [index, step] of steps.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(step));
      if (!pair) return named;
      // A key asked for itself (unknown field, bad name) is reported on the key, else on its value.
      const last = index === steps.length - 1;
      named = rangeStart(pair.key) ?? offset;
      offset = (last && key !== undefined ? named : rangeStart(pair.value)) ?? named;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
      offset = rangeStart(node) ?? offset;
      named = offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}

type Locate = (path: Path, key?: string) => number | null;

function zodProblems(error: z.ZodError, locate: Locate): YamlProblem[] {
  const problems: YamlProblem[] = [];
  for (const issue of error.issues) {
    const where = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = closest(key, fieldsAt(issue.path));
        problems.push({
          line: locate(issue.path, key),
          message: `${where === '(top level)' ? '' : `${where}: `}unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
        });
      }
    } else if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      const parent = issue.path.slice(0, -1);
      const key = String(issue.path.at(-1));
      problems.push({ line: locate(parent, key), message: `${where}: invalid name: ${inner}` });
    } else {
      problems.push({ line: locate(issue.path), message: `${where}: ${issueMessage(issue)}` });
    }
  }
  return problems;
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.message.includes('received undefined')) return 'required';
  // `pinned_tag: 1.10` is the number 1.1 to YAML: say how to keep the text.
  if (issue.expected === 'string' && /received (number|boolean)/.test(issue.message))
    return `${issue.message} (put the value in quotes to keep it as text)`;
  return issue.message;
}

/** A known field a typo is one or two edits away from. */
function closest(key: string, fields: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const known of fields) {
    const distance = editDistance(key.toLowerCase(), known);
    if (distance < bestDistance) [best, bestDistance] = [known, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// ---------- checks across fields (references, names, aliases) ----------

function crossCheck(file: SeedFile, locate: Locate): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const add = (path: Path, message: string, key?: string): void => {
    problems.push({ line: locate(path, key), message: `${path.map(String).join('.')}: ${message}` });
  };
  const hosts = new Map<string, string>();
  for (const [name, registry] of Object.entries(file.registries ?? {})) {
    const path = ['registries', name];
    const host = registryHost(registry.url);
    if (host === null)
      add([...path, 'url'], 'Not a registry host: expected a URL or host[:port], e.g. ghcr.io');
    else if (hosts.has(host)) add([...path, 'url'], `${host} is already the registry "${hosts.get(host)}"`);
    else hosts.set(host, name);
    if (registry.token !== undefined && registry.username === undefined)
      add([...path, 'token'], 'a token needs a "username" beside it (Tidewatch logs in with both)');
  }
  const seen = new Set<string>();
  for (const [key, project] of Object.entries(file.projects ?? {})) {
    problems.push(...checkProject(key, project, file, locate));
    const name = project.name ?? key;
    const id = `${project.host ?? ''}\u0000${name}`;
    if (seen.has(id)) add(['projects', key], `the workload "${name}" appears twice on the same host`);
    seen.add(id);
  }
  return problems;
}

function checkProject(key: string, project: ProjectFile, file: SeedFile, locate: Locate): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const base = ['projects', key];
  const add = (path: Path, message: string, keyName?: string): void => {
    problems.push({ line: locate(path, keyName), message: `${path.map(String).join('.')}: ${message}` });
  };
  if (project.name === undefined) {
    const named = workloadNameSchema.safeParse(key);
    if (!named.success)
      add(['projects'], `invalid name: ${named.error.issues[0]?.message ?? 'not a workload name'}`, key);
  }
  if (project.healthcheck !== undefined && project.health_path !== undefined)
    add([...base, 'health_path'], 'give either "healthcheck" or "health_path", not both');
  if (project.registry !== undefined && !(project.registry in (file.registries ?? {})))
    add([...base, 'registry'], `no registry "${project.registry}" under "registries"`);
  for (const envName of Object.keys(project.secret_env ?? {}))
    if (envName in (project.env ?? {})) add([...base, 'secret_env', envName], 'also given under "env"');
  const stages = Object.entries(project.stages);
  if (stages.length === 0) add([...base, 'stages'], 'at least one stage is needed');
  if (stages.length > 10) add([...base, 'stages'], 'at most 10 stages');
  for (const [stageName, stage] of stages) {
    const from = stage.promote_from;
    if (from === undefined) continue;
    const path = [...base, 'stages', stageName, 'promote_from'];
    if (from === stageName) add(path, 'a stage cannot promote from itself');
    else if (!(from in project.stages)) add(path, `no stage "${from}" in this project`);
  }
  return problems;
}

/** The registry service's normalised host, or null when the URL names none. */
function registryHost(url: string): string | null {
  try {
    return normalizeRegistryHost(url);
  } catch {
    return null;
  }
}

// ---------- the checked file → SeedConfig ----------

function toSeed(file: SeedFile, locate: Locate): SeedConfig {
  const secrets: SeedSecret[] = [];
  const secret = (value: string | undefined, target: SeedSecretTarget, path: Path): SecretSource | null => {
    if (value === undefined) return null;
    if (value === SECRET_REF) return 'stored';
    secrets.push({ ...target, value, line: locate(path) });
    return 'inline';
  };
  const global = toGlobal(file.global, secret, locate);
  const registries: SeedRegistry[] = Object.entries(file.registries ?? {}).map(([name, registry]) => {
    const host = registryHost(registry.url) ?? registry.url;
    const path = ['registries', name];
    return {
      name,
      host,
      username: registry.username ?? null,
      insecure: /^http:\/\//i.test(registry.url.trim()),
      type: registry.type ?? null,
      token: secret(registry.token, { kind: 'registry-token', registry: name, host }, [...path, 'token']),
      line: locate(['registries'], name),
    };
  });
  const projects = Object.entries(file.projects ?? {}).map(([key, project]) =>
    toProject(key, project, registries, locate, secret),
  );
  return { global, registries, projects, secrets };
}

type TakeSecret = (value: string | undefined, target: SeedSecretTarget, path: Path) => SecretSource | null;

function toGlobal(file: SeedFile['global'], secret: TakeSecret, locate: Locate): SeedGlobal {
  if (!file) return {};
  const global: SeedGlobal = {};
  if (file.domain !== undefined) global.domain = file.domain;
  if (file.network !== undefined) global.network = file.network;
  if (file.subdomain_pattern !== undefined) global.subdomainPattern = file.subdomain_pattern;
  const tagPattern =
    file.tag_subdomain_pattern ?? (file.subdomain_pattern ? `${file.subdomain_pattern}-{tag}` : undefined);
  if (tagPattern !== undefined) global.tagSubdomainPattern = tagPattern;
  if (file.server_ip !== undefined) global.serverIp = file.server_ip;
  if (file.notification_url !== undefined) global.notificationUrl = file.notification_url;
  if (file.npm) {
    const host = file.npm.host ?? null;
    global.npm = {
      host,
      url: file.npm.url ?? null,
      email: file.npm.email ?? null,
      password: secret(file.npm.password, { kind: 'npm-password', host }, ['global', 'npm', 'password']),
      line: locate(['global'], 'npm'),
    };
  }
  return global;
}

function toProject(
  key: string,
  project: ProjectFile,
  registries: SeedRegistry[],
  locate: Locate,
  secret: TakeSecret,
): SeedProject {
  const name = project.name ?? key;
  const host = project.host ?? null;
  const base = ['projects', key];
  const env: SeedEnv[] = Object.entries(project.env ?? {}).map(([envName, value]) => ({
    key: envName,
    value,
    secret: false,
    source: null,
  }));
  for (const [envName, value] of Object.entries(project.secret_env ?? {})) {
    const target: SeedSecretTarget = { kind: 'env', project: name, host, key: envName };
    const source = secret(value, target, [...base, 'secret_env', envName]);
    env.push({ key: envName, value: null, secret: true, source });
  }
  const registry = registries.find((item) => item.name === project.registry) ?? null;
  return {
    name,
    key,
    host,
    registry: project.registry ?? null,
    image: withRegistryHost(project.image, registry),
    port: project.port,
    healthPath: project.healthcheck ?? project.health_path ?? null,
    env,
    volumes: (project.volumes ?? []).map(toVolume),
    cpus: project.cpus ?? null,
    memoryMb: project.memory_mb ?? null,
    network: project.network ?? null,
    stages: Object.entries(project.stages).map(([stageName, stage]) =>
      stageInputSchema.parse({
        name: stageName,
        tagPattern: stage.tag_pattern,
        autoDeploy: stage.auto_deploy,
        maxInstances: stage.max_instances,
        confirm: stage.confirm,
        promoteFrom: stage.promote_from,
        subdomain: stage.subdomain,
        pinnedTag: stage.pinned_tag,
        swarmService: stage.swarm_service,
      }),
    ),
    line: locate(['projects'], key),
    hostLine: project.host === undefined ? null : locate([...base, 'host']),
  };
}

/** Docker Watcher allows `image: team/app` with `registry: gitea`: the image lives on that registry. */
function withRegistryHost(image: string, registry: SeedRegistry | null): string {
  if (!registry || registry.host === 'docker.io' || hasRegistryPart(image)) return image;
  return `${registry.host}/${image}`;
}

/** The first path part names a registry when it has a dot or port, or is localhost (Docker's rule). */
export function hasRegistryPart(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) return false;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

function toVolume(volume: z.infer<typeof volumeFile>): WorkloadVolume {
  switch (volume.kind) {
    case 'volume':
      return {
        kind: 'volume',
        name: volume.name,
        target: volume.target,
        readOnly: volume.read_only ?? false,
      };
    case 'bind':
      return {
        kind: 'bind',
        source: volume.source,
        target: volume.target,
        readOnly: volume.read_only ?? false,
      };
    case 'tmpfs':
      return { kind: 'tmpfs', target: volume.target, sizeMb: volume.size_mb ?? null };
  }
}
