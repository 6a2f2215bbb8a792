/**
 * "Config as YAML": import a Docker Watcher seed file and export the configuration in the same format.
 * Pure functions (no database, no secret store, no Electron); the `workloads.importYaml` and
 * `workloads.exportYaml` handlers read the current configuration, call these and apply the result.
 * The file format, our extensions and the `${stored}` secret reference are described in `workload-seed.ts`.
 *
 * Signatures:
 *
 *   parseSeed(text: string): { ok: true; seed: SeedConfig } | { ok: false; problems: YamlProblem[] }
 *   toWorkloadInputs(seed: SeedConfig, resolveHost: (name: string | null) => string | null)
 *     : { workloads: WorkloadInputParsed[]; problems: YamlProblem[] }
 *   diffSeed(current: CurrentConfig, seed: SeedConfig): YamlChange[]
 *   exportSeed(current: CurrentConfig,
 *              options: { includeSecrets: false } | { includeSecrets: true; secrets: Map<string, string> }): string
 *   planSeedImport(current: CurrentConfig, text: string): SeedImportPlan     (all of the above in one call)
 *   hostResolver(current: CurrentConfig): (name: string | null) => string | null
 *   secretLocations(current: CurrentConfig): Array<{ id: string; location: SecretLocation }>
 *     every stored secret by the id used as key of `CurrentConfig.secretValues` and of the export's
 *     `secrets` map, with where it lives (registry id, host id of an NPM password, workload id + env key)
 *   registrySecretId(host) / npmSecretId(hostId) / envSecretId(hostId, workload, key): those ids
 *
 * What the caller does with secrets (values never go to the database, a log or an error message):
 * - `seed.secrets` (also `plan.secrets`, with their secret ids) holds every value the file carried inline:
 *   `registry-token` → the registry's password (registries.create/update `password`, matched by host);
 *   `npm-password` → proxy.set `npmPassword` for that host; `env` → nothing more to do: `toWorkloadInputs`
 *   already put the value in the workload input's secret env entry, and WorkloadService.create/update
 *   writes it to the secret store (the repository stores secret entries without their value).
 * - A field holding `${stored}` (status `stored` in the seed) keeps the secret store's value: send no
 *   password at all (registries, NPM), and a secret env entry with value null (what `toWorkloadInputs` does).
 * - An absent secret field means "none": a registry without `token` has its stored password removed, like
 *   an absent env variable is removed. The file describes every item it names completely.
 * - Items the file does not name (registries, workloads, hosts' proxies) are kept as they are; stages of a
 *   named workload that the file leaves out are removed (workloads.update replaces the stages).
 * - For the diff to see an inline secret equal to the stored one as `same` (so a second import is all
 *   `same`), pass the stored values in `CurrentConfig.secretValues`; without them inline secrets show as a
 *   change every time. For `exportSeed` with `includeSecrets: true`, pass the values in the same keys;
 *   a secret missing from the map is written as `${stored}`.
 *
 * Applying a plan (`importYaml` with `apply: true`), only when `plan.ok` (else answer `plan.problems` and
 * change nothing); `inline(x)` is the value of the `plan.secrets` entry for x:
 *   1. `settings.update(plan.settings)`;
 *   2. each `plan.registries` entry: update `existingId` or create, with name, host, username, insecure and
 *      `password`: inline(token) when `token` is `inline`, null (remove) when null, absent when `stored`;
 *   3. `plan.npm`: proxy.set on its host with kind `npm`, url, email and `npmPassword` by the same rule;
 *   4. each `plan.workloads` entry: WorkloadService.update(existingId, input) or create(input).
 * The diff's `what` reads `global <field>`, `proxy <host> npm`, `registry <name>`,
 * `workload <name> on <host>`, `stage <workload>/<stage> on <host>`.
 */
import { Document } from 'yaml';
import type { z } from 'zod';
import type { Registry } from '@shared/schemas/registries';
import type { Settings } from '@shared/schemas/settings';
import {
  workloadInputSchema,
  type ProxySettings,
  type StageInput,
  type Workload,
  type WorkloadInputParsed,
  type yamlChangeSchema,
} from '@shared/schemas/workloads';
import {
  hasRegistryPart,
  parseSeed,
  SECRET_REF,
  type SecretSource,
  type SeedConfig,
  type SeedProject,
  type SeedRegistry,
  type SeedSecret,
  type YamlProblem,
} from './workload-seed';

export { parseSeed, SECRET_REF };
export type { SeedConfig, SeedProject, SeedRegistry, SeedSecret, YamlProblem, SecretSource };

export type YamlChange = z.infer<typeof yamlChangeSchema>;

/** What the configuration is now: plain data the caller reads from the repositories and services. */
export interface CurrentConfig {
  settings: Pick<Settings, 'workloadDomain' | 'workloadNetwork' | 'subdomainPattern' | 'tagSubdomainPattern'>;
  hosts: Array<{ id: string; name: string }>;
  /** The host for projects (and the NPM section) that name none: the import's `hostId`. */
  defaultHostId: string | null;
  registries: Array<Pick<Registry, 'id' | 'name' | 'host' | 'username' | 'hasSecret' | 'insecure'>>;
  /** Proxy settings of the hosts that have some (others count as `none`). */
  proxies: Array<Pick<ProxySettings, 'hostId' | 'kind' | 'npmUrl' | 'npmEmail' | 'npmPasswordSet'>>;
  workloads: Workload[];
  /** Optional stored secret values by secret id, only to see an inline secret as unchanged. */
  secretValues?: Map<string, string>;
}

export type ExportOptions =
  { includeSecrets: false } | { includeSecrets: true; secrets: Map<string, string> };

/** A secret from the file with the key it is known by in `secretValues` / the export's map. */
export type PlannedSecret = SeedSecret & { id: string | null; hostId: string | null };

export interface SeedImportPlan {
  /** False: nothing may be applied (problems says why). */
  ok: boolean;
  problems: YamlProblem[];
  changes: YamlChange[];
  seed: SeedConfig | null;
  /** The settings the file names, as a patch for `settings.update`. */
  settings: Partial<CurrentConfig['settings']>;
  /** Each registry with the id of the one it updates (same host), null: a new one. */
  registries: Array<{ registry: SeedRegistry; existingId: number | null }>;
  /** The NPM section for `proxy.set` on that host (kind `npm`); the password is in `secrets`. */
  npm: { hostId: string; url: string | null; email: string | null; password: SecretSource | null } | null;
  /** Each project as a workload input, with the id of the workload it replaces (null: a new one). */
  workloads: Array<{ input: WorkloadInputParsed; existingId: number | null }>;
  secrets: PlannedSecret[];
}

// ---------- secret ids ----------

export function registrySecretId(host: string): string {
  return `registry:${host}`;
}
export function npmSecretId(hostId: string): string {
  return `npm:${hostId}`;
}
export function envSecretId(hostId: string, workload: string, key: string): string {
  return `env:${hostId}:${workload}:${key}`;
}

/** Where a secret the export may inline (or the diff compare) is kept, for the caller to read it. */
export type SecretLocation =
  | { kind: 'registry'; registryId: number }
  | { kind: 'npm'; hostId: string }
  | { kind: 'env'; workloadId: number; key: string };

/**
 * Every stored secret of the configuration with its id: read each from the secret store into the map
 * `exportSeed` takes with `includeSecrets`, or into `CurrentConfig.secretValues` before a diff.
 */
export function secretLocations(current: CurrentConfig): Array<{ id: string; location: SecretLocation }> {
  const found: Array<{ id: string; location: SecretLocation }> = [];
  for (const registry of current.registries)
    if (registry.hasSecret)
      found.push({
        id: registrySecretId(registry.host),
        location: { kind: 'registry', registryId: registry.id },
      });
  for (const proxy of current.proxies)
    if (proxy.npmPasswordSet)
      found.push({ id: npmSecretId(proxy.hostId), location: { kind: 'npm', hostId: proxy.hostId } });
  for (const workload of current.workloads)
    for (const entry of workload.env.filter((item) => item.secret))
      found.push({
        id: envSecretId(workload.hostId, workload.name, entry.key),
        location: { kind: 'env', workloadId: workload.id, key: entry.key },
      });
  return found;
}

/** A host by id or name (the export writes a name, or the id when two hosts share the name). */
export function hostResolver(current: CurrentConfig): (name: string | null) => string | null {
  return (name) => {
    if (name === null) return current.defaultHostId;
    if (current.hosts.some((host) => host.id === name)) return name;
    const named = current.hosts.filter((host) => host.name === name);
    return named.length === 1 ? (named[0]?.id ?? null) : null;
  };
}

// ---------- seed → workload inputs ----------

/** The seed's projects as workload inputs (defaults applied), with a problem for each unknown host. */
export function toWorkloadInputs(
  seed: SeedConfig,
  resolveHost: (name: string | null) => string | null,
): { workloads: WorkloadInputParsed[]; problems: YamlProblem[] } {
  const workloads: WorkloadInputParsed[] = [];
  const problems: YamlProblem[] = [];
  for (const project of seed.projects) {
    const hostId = resolveHost(project.host);
    if (hostId === null) {
      problems.push({ line: project.hostLine ?? project.line, message: hostProblem(project) });
      continue;
    }
    const parsed = workloadInputSchema.safeParse(projectInput(seed, project, hostId));
    // Two keys can land on one host: one names the host, the other leaves it to the default.
    if (parsed.success && workloads.some((item) => item.hostId === hostId && item.name === project.name))
      problems.push({
        line: project.line,
        message: `projects.${project.key}: "${project.name}" twice on one host`,
      });
    else if (parsed.success) workloads.push(parsed.data);
    else
      problems.push({
        line: project.line,
        message: `projects.${project.key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      });
  }
  return { workloads, problems };
}

function hostProblem(project: SeedProject): string {
  return project.host === null
    ? `projects.${project.key}: no host given and no default host chosen for the import`
    : `projects.${project.key}.host: no Tidewatch host "${project.host}" (or the name is not unique)`;
}

function projectInput(seed: SeedConfig, project: SeedProject, hostId: string): unknown {
  return {
    name: project.name,
    hostId,
    image: project.image,
    port: project.port,
    healthPath: project.healthPath,
    env: project.env.map((entry) => ({
      key: entry.key,
      // An inline secret travels to WorkloadService, which writes it to the secret store; null keeps it.
      value: entry.secret ? (inlineEnvSecret(seed, project, entry.key) ?? null) : entry.value,
      secret: entry.secret,
    })),
    volumes: project.volumes,
    cpus: project.cpus,
    memoryMb: project.memoryMb,
    network: project.network,
    stages: project.stages,
  };
}

function inlineEnvSecret(seed: SeedConfig, project: SeedProject, key: string): string | undefined {
  return seed.secrets.find(
    (item) =>
      item.kind === 'env' && item.project === project.name && item.host === project.host && item.key === key,
  )?.value;
}

// ---------- one call for the import handler ----------

/** Parse, map and diff: what `workloads.importYaml` answers, plus what it needs to apply. */
export function planSeedImport(current: CurrentConfig, text: string): SeedImportPlan {
  const parsed = parseSeed(text);
  if (!parsed.ok) {
    const nothing = {
      changes: [],
      seed: null,
      settings: {},
      registries: [],
      npm: null,
      workloads: [],
      secrets: [],
    };
    return { ok: false, problems: parsed.problems, ...nothing };
  }
  const { seed } = parsed;
  const resolveHost = hostResolver(current);
  const mapped = toWorkloadInputs(seed, resolveHost);
  const problems = [...mapped.problems];
  const npm = seed.global.npm;
  const npmHost = npm ? resolveHost(npm.host) : null;
  if (npm && npmHost === null)
    problems.push({
      line: npm.line,
      message:
        npm.host === null
          ? 'global.npm: no host given and no default host chosen for the import'
          : `global.npm.host: no Tidewatch host "${npm.host}"`,
    });
  const workloads = mapped.workloads.map((input) => ({
    input,
    existingId: findWorkload(current, input.hostId, input.name)?.id ?? null,
  }));
  return {
    ok: problems.length === 0,
    problems,
    changes: diffSeed(current, seed),
    seed,
    settings: settingsPatch(seed),
    registries: seed.registries.map((registry) => ({
      registry,
      existingId: current.registries.find((item) => item.host === registry.host)?.id ?? null,
    })),
    npm:
      npm && npmHost !== null
        ? { hostId: npmHost, url: npm.url, email: npm.email, password: npm.password }
        : null,
    workloads,
    secrets: seed.secrets.map((secret) => planSecret(secret, resolveHost)),
  };
}

function settingsPatch(seed: SeedConfig): Partial<CurrentConfig['settings']> {
  const patch: Partial<CurrentConfig['settings']> = {};
  for (const [field, setting] of GLOBAL_FIELDS) {
    const value = seed.global[field];
    if (value !== undefined) patch[setting] = value;
  }
  return patch;
}

function planSecret(secret: SeedSecret, resolveHost: (name: string | null) => string | null): PlannedSecret {
  if (secret.kind === 'registry-token') return { ...secret, id: registrySecretId(secret.host), hostId: null };
  const hostId = resolveHost(secret.host);
  if (hostId === null) return { ...secret, id: null, hostId };
  const id =
    secret.kind === 'npm-password' ? npmSecretId(hostId) : envSecretId(hostId, secret.project, secret.key);
  return { ...secret, id, hostId };
}

function findWorkload(current: CurrentConfig, hostId: string, name: string): Workload | undefined {
  return current.workloads.find((workload) => workload.hostId === hostId && workload.name === name);
}

// ---------- diff ----------

/** What applying the seed would change, item by item; `same` entries too, so the UI can say so. */
export function diffSeed(current: CurrentConfig, seed: SeedConfig): YamlChange[] {
  const resolveHost = hostResolver(current);
  return [
    ...diffGlobal(current, seed, resolveHost),
    ...diffRegistries(current, seed),
    ...diffWorkloads(current, seed, resolveHost),
  ];
}

function change(kind: YamlChange['kind'], what: string, detail: string | null = null): YamlChange {
  return { kind, what, detail };
}

/** One entry from a list of differences: `same` when there are none. */
function fromDetails(what: string, details: string[]): YamlChange {
  return details.length === 0 ? change('same', what) : change('change', what, details.join('; '));
}

const GLOBAL_FIELDS = [
  ['domain', 'workloadDomain'],
  ['network', 'workloadNetwork'],
  ['subdomainPattern', 'subdomainPattern'],
  ['tagSubdomainPattern', 'tagSubdomainPattern'],
] as const;
const FILE_NAMES: Record<(typeof GLOBAL_FIELDS)[number][0], string> = {
  domain: 'domain',
  network: 'network',
  subdomainPattern: 'subdomain_pattern',
  tagSubdomainPattern: 'tag_subdomain_pattern',
};

function diffGlobal(
  current: CurrentConfig,
  seed: SeedConfig,
  resolveHost: (name: string | null) => string | null,
): YamlChange[] {
  const changes: YamlChange[] = [];
  for (const [field, setting] of GLOBAL_FIELDS) {
    const next = seed.global[field];
    if (next === undefined) continue;
    const what = `global ${FILE_NAMES[field]}`;
    const now = current.settings[setting];
    changes.push(
      now === next ? change('same', what) : change('change', what, `${show(now)} → ${show(next)}`),
    );
  }
  if (seed.global.serverIp !== undefined)
    changes.push(change('same', 'global server_ip', 'not used: Tidewatch reaches its hosts over SSH'));
  if (seed.global.notificationUrl !== undefined)
    changes.push(change('same', 'global notification_url', 'not used: set up notifiers in Settings'));
  const npm = seed.global.npm;
  if (npm) {
    const hostId = resolveHost(npm.host);
    const what = `proxy ${hostLabel(current, hostId, npm.host)} npm`;
    if (hostId === null) changes.push(change('change', what, 'unknown host'));
    else {
      const now = current.proxies.find((proxy) => proxy.hostId === hostId);
      const details: string[] = [];
      if (now?.kind !== 'npm') details.push(`proxy ${now?.kind ?? 'none'} → npm`);
      fieldDetail(details, 'url', now?.npmUrl ?? null, npm.url);
      fieldDetail(details, 'email', now?.npmEmail ?? null, npm.email);
      const stored = current.secretValues?.get(npmSecretId(hostId));
      const inline = seed.secrets.find((item) => item.kind === 'npm-password')?.value;
      pushSecret(details, 'password', npm.password, now?.npmPasswordSet ?? false, inline, stored);
      changes.push(fromDetails(what, details));
    }
  }
  return changes;
}

function show(value: string | number | boolean | null): string {
  return value === null ? 'none' : JSON.stringify(value);
}

function fieldDetail<T extends string | number | boolean | null>(
  details: string[],
  label: string,
  now: T,
  next: T,
): void {
  if (now !== next) details.push(`${label} ${show(now)} → ${show(next)}`);
}

/** A secret's difference, never its value. */
function pushSecret(
  details: string[],
  label: string,
  source: SecretSource | null,
  hasStored: boolean,
  inline: string | undefined,
  stored: string | undefined,
): void {
  if (source === null) {
    if (hasStored) details.push(`${label} removed`);
  } else if (source === 'stored') {
    if (!hasStored) details.push(`${label}: ${SECRET_REF} but nothing is stored`);
  } else if (stored === undefined || stored !== inline) {
    details.push(hasStored ? `new ${label}` : `${label} set`);
  }
}

function hostLabel(current: CurrentConfig, hostId: string | null, written: string | null): string {
  if (hostId === null) return written ?? '(no host)';
  return current.hosts.find((host) => host.id === hostId)?.name ?? hostId;
}

function diffRegistries(current: CurrentConfig, seed: SeedConfig): YamlChange[] {
  const changes: YamlChange[] = [];
  const named = new Set<number>();
  for (const registry of seed.registries) {
    const what = `registry ${registry.name}`;
    const now = current.registries.find((item) => item.host === registry.host);
    const inline = seed.secrets.find(
      (item) => item.kind === 'registry-token' && item.registry === registry.name,
    )?.value;
    if (!now) {
      const token =
        registry.token === null ? '' : registry.token === 'stored' ? ', token: nothing stored' : ', token';
      changes.push(
        change('add', what, `${registry.host}${registry.username ? ` as ${registry.username}` : ''}${token}`),
      );
      continue;
    }
    named.add(now.id);
    const details: string[] = [];
    fieldDetail(details, 'name', now.name, registry.name);
    fieldDetail(details, 'username', now.username, registry.username);
    fieldDetail(details, 'plain HTTP', now.insecure, registry.insecure);
    const stored = current.secretValues?.get(registrySecretId(registry.host));
    pushSecret(details, 'token', registry.token, now.hasSecret, inline, stored);
    changes.push(fromDetails(what, details));
  }
  for (const registry of current.registries)
    if (!named.has(registry.id))
      changes.push(change('same', `registry ${registry.name}`, 'not in the file: kept'));
  return changes;
}

function diffWorkloads(
  current: CurrentConfig,
  seed: SeedConfig,
  resolveHost: (name: string | null) => string | null,
): YamlChange[] {
  const changes: YamlChange[] = [];
  const named = new Set<number>();
  for (const project of seed.projects) {
    const hostId = resolveHost(project.host);
    const where = `${project.name} on ${hostLabel(current, hostId, project.host)}`;
    if (hostId === null) {
      changes.push(change('add', `workload ${where}`, 'unknown host'));
      continue;
    }
    const input = workloadInputSchema.safeParse(projectInput(seed, project, hostId));
    if (!input.success) continue; // toWorkloadInputs reports it
    const now = findWorkload(current, hostId, project.name);
    if (!now) {
      const unset = project.env.filter((entry) => entry.source === 'stored').map((entry) => entry.key);
      const note = unset.length === 0 ? '' : `; ${SECRET_REF} but nothing is stored: ${unset.join(', ')}`;
      changes.push(change('add', `workload ${where}`, `${input.data.image}, port ${input.data.port}${note}`));
      for (const stage of input.data.stages)
        changes.push(
          change(
            'add',
            `stage ${project.name}/${stage.name} on ${hostLabel(current, hostId, null)}`,
            `tags ${stage.tagPattern}`,
          ),
        );
      continue;
    }
    named.add(now.id);
    changes.push(fromDetails(`workload ${where}`, workloadDetails(current, now, input.data, seed, project)));
    changes.push(
      ...diffStages(`${project.name}`, hostLabel(current, hostId, null), now.stages, input.data.stages),
    );
  }
  for (const workload of current.workloads)
    if (!named.has(workload.id))
      changes.push(
        change(
          'same',
          `workload ${workload.name} on ${hostLabel(current, workload.hostId, null)}`,
          'not in the file: kept',
        ),
      );
  return changes;
}

function workloadDetails(
  current: CurrentConfig,
  now: Workload,
  next: WorkloadInputParsed,
  seed: SeedConfig,
  project: SeedProject,
): string[] {
  const details: string[] = [];
  fieldDetail(details, 'image', now.image, next.image);
  fieldDetail(details, 'port', now.port, next.port);
  fieldDetail(details, 'health path', now.healthPath, next.healthPath);
  fieldDetail(details, 'cpus', now.cpus, next.cpus);
  fieldDetail(details, 'memory MB', now.memoryMb, next.memoryMb);
  fieldDetail(details, 'network', now.network, next.network);
  if (canonical(now.volumes) !== canonical(next.volumes)) details.push('volumes');
  const before = new Map(now.env.map((entry) => [entry.key, entry]));
  for (const entry of project.env) {
    const old = before.get(entry.key);
    before.delete(entry.key);
    if (!old) details.push(`env ${entry.key} added`);
    else if (!entry.secret) {
      if (old.secret) details.push(`env ${entry.key} no longer secret`);
      else if (old.value !== entry.value) details.push(`env ${entry.key} changed`);
    } else {
      if (!old.secret && entry.source === 'stored')
        details.push(`env ${entry.key}: ${SECRET_REF} but nothing is stored`);
      else if (!old.secret) details.push(`env ${entry.key} becomes secret`);
      else {
        const stored = current.secretValues?.get(envSecretId(now.hostId, now.name, entry.key));
        pushSecret(
          details,
          `env ${entry.key}`,
          entry.source,
          true,
          inlineEnvSecret(seed, project, entry.key),
          stored,
        );
      }
    }
  }
  for (const key of before.keys()) details.push(`env ${key} removed`);
  return details;
}

/** JSON with sorted keys: the database may give a volume's fields in another order than the file. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

const STAGE_FIELDS = [
  ['tagPattern', 'tags'],
  ['autoDeploy', 'auto deploy'],
  ['maxInstances', 'max instances'],
  ['confirm', 'confirm'],
  ['promoteFrom', 'promote from'],
  ['subdomain', 'subdomain'],
  ['pinnedTag', 'pinned tag'],
  ['swarmService', 'swarm service'],
] as const;

function diffStages(workload: string, host: string, now: StageInput[], next: StageInput[]): YamlChange[] {
  const changes: YamlChange[] = [];
  const what = (stage: string): string => `stage ${workload}/${stage} on ${host}`;
  for (const stage of next) {
    const old = now.find((item) => item.name === stage.name);
    if (!old) {
      changes.push(change('add', what(stage.name), `tags ${stage.tagPattern}`));
      continue;
    }
    const details: string[] = [];
    for (const [field, label] of STAGE_FIELDS) fieldDetail(details, label, old[field], stage[field]);
    changes.push(fromDetails(what(stage.name), details));
  }
  for (const old of now)
    if (!next.some((stage) => stage.name === old.name)) changes.push(change('remove', what(old.name), null));
  return changes;
}

// ---------- export ----------

/** The configuration as a seed file; secrets as `${stored}` unless `includeSecrets`. */
export function exportSeed(current: CurrentConfig, options: ExportOptions): string {
  const secret = (id: string): string =>
    (options.includeSecrets ? options.secrets.get(id) : undefined) ?? SECRET_REF;
  const hostName = exportHostName(current);
  const registries = exportRegistries(current, secret);
  const file = {
    global: exportGlobal(current, hostName, secret),
    registries: Object.fromEntries(registries.map(({ key, entry }) => [key, entry])),
    projects: exportProjects(current, hostName, registries, secret),
  };
  const doc = new Document(file);
  doc.commentBefore = [
    ' Tidewatch configuration in the Docker Watcher seed format.',
    options.includeSecrets
      ? ' It CONTAINS SECRETS (registry tokens, the NPM password, secret env values): keep it private.'
      : ` Secrets are written as ${SECRET_REF}: importing this file keeps the values already stored.`,
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** A host's name in the file, or its id when two hosts share the name. */
function exportHostName(current: CurrentConfig): (hostId: string) => string {
  return (hostId) => {
    const host = current.hosts.find((item) => item.id === hostId);
    if (!host) return hostId;
    return current.hosts.filter((item) => item.name === host.name).length === 1 ? host.name : hostId;
  };
}

function exportGlobal(
  current: CurrentConfig,
  hostName: (hostId: string) => string,
  secret: (id: string) => string,
): Record<string, unknown> {
  const global: Record<string, unknown> = {
    domain: current.settings.workloadDomain,
    network: current.settings.workloadNetwork,
    subdomain_pattern: current.settings.subdomainPattern,
    tag_subdomain_pattern: current.settings.tagSubdomainPattern,
  };
  // The format has one NPM: the default host's, else the first host that uses one.
  const npmHosts = current.proxies.filter((proxy) => proxy.kind === 'npm');
  const npm = npmHosts.find((proxy) => proxy.hostId === current.defaultHostId) ?? npmHosts[0];
  if (npm) {
    global.npm = {
      host: hostName(npm.hostId),
      ...(npm.npmUrl === null ? {} : { url: npm.npmUrl }),
      ...(npm.npmEmail === null ? {} : { email: npm.npmEmail }),
      ...(npm.npmPasswordSet ? { password: secret(npmSecretId(npm.hostId)) } : {}),
    };
  }
  return global;
}

interface ExportedRegistry {
  key: string;
  host: string;
  entry: Record<string, unknown>;
}

function exportRegistries(current: CurrentConfig, secret: (id: string) => string): ExportedRegistry[] {
  const used = new Set<string>();
  return current.registries.map((registry) => {
    let key = registry.name;
    for (let index = 2; used.has(key); index++) key = `${registry.name}-${index}`;
    used.add(key);
    const entry: Record<string, unknown> = {
      url: `${registry.insecure ? 'http' : 'https'}://${registry.host}`,
    };
    if (registry.username !== null) entry.username = registry.username;
    if (registry.username !== null && registry.hasSecret)
      entry.token = secret(registrySecretId(registry.host));
    return { key, host: registry.host, entry };
  });
}

function exportProjects(
  current: CurrentConfig,
  hostName: (hostId: string) => string,
  registries: ExportedRegistry[],
  secret: (id: string) => string,
): Record<string, unknown> {
  const projects: Record<string, unknown> = {};
  for (const workload of current.workloads) {
    const shared = current.workloads.filter((item) => item.name === workload.name).length > 1;
    const key = shared ? `${workload.name}@${hostName(workload.hostId)}` : workload.name;
    const imageHost = hasRegistryPart(workload.image)
      ? workload.image.slice(0, workload.image.indexOf('/'))
      : null;
    const registry = registries.find((item) => item.host === imageHost?.toLowerCase());
    const plain = workload.env.filter((entry) => !entry.secret);
    const secrets = workload.env.filter((entry) => entry.secret);
    projects[key] = {
      ...(shared ? { name: workload.name } : {}),
      host: hostName(workload.hostId),
      ...(registry ? { registry: registry.key } : {}),
      image: workload.image,
      port: workload.port,
      ...(workload.healthPath === null ? {} : { healthcheck: workload.healthPath }),
      ...(plain.length === 0
        ? {}
        : { env: Object.fromEntries(plain.map((entry) => [entry.key, entry.value ?? ''])) }),
      ...(secrets.length === 0
        ? {}
        : {
            secret_env: Object.fromEntries(
              secrets.map((entry) => [
                entry.key,
                secret(envSecretId(workload.hostId, workload.name, entry.key)),
              ]),
            ),
          }),
      ...(workload.volumes.length === 0 ? {} : { volumes: workload.volumes.map(exportVolume) }),
      ...(workload.cpus === null ? {} : { cpus: workload.cpus }),
      ...(workload.memoryMb === null ? {} : { memory_mb: workload.memoryMb }),
      ...(workload.network === null ? {} : { network: workload.network }),
      stages: Object.fromEntries(workload.stages.map((stage) => [stage.name, exportStage(stage)])),
    };
  }
  return projects;
}

function exportStage(stage: StageInput): Record<string, unknown> {
  return {
    tag_pattern: stage.tagPattern,
    auto_deploy: stage.autoDeploy,
    max_instances: stage.maxInstances,
    ...(stage.confirm ? { confirm: true } : {}),
    ...(stage.promoteFrom === null ? {} : { promote_from: stage.promoteFrom }),
    ...(stage.subdomain === null ? {} : { subdomain: stage.subdomain }),
    ...(stage.pinnedTag === null ? {} : { pinned_tag: stage.pinnedTag }),
    ...(stage.swarmService === null ? {} : { swarm_service: stage.swarmService }),
  };
}

function exportVolume(volume: Workload['volumes'][number]): Record<string, unknown> {
  switch (volume.kind) {
    case 'volume':
      return { kind: 'volume', name: volume.name, target: volume.target, read_only: volume.readOnly };
    case 'bind':
      return { kind: 'bind', source: volume.source, target: volume.target, read_only: volume.readOnly };
    case 'tmpfs':
      return {
        kind: 'tmpfs',
        target: volume.target,
        ...(volume.sizeMb === null ? {} : { size_mb: volume.sizeMb }),
      };
  }
}
