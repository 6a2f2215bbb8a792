/**
 * `workloads.importYaml` / `workloads.exportYaml`: reads the configuration as it is now, hands it to the
 * pure seed functions (workload-yaml.ts) and applies an import through the services, so validation,
 * secrets and events are the same as from the UI. A file with problems changes nothing.
 */
import type { z } from 'zod';
import type { Registry, RegistryCreate, RegistryUpdate } from '@shared/schemas/registries';
import type { Settings, SettingsPatch } from '@shared/schemas/settings';
import type { ProxySettings, ProxySettingsInput, yamlChangeSchema } from '@shared/schemas/workloads';
import type { SecretStore } from '../secrets/secret-store';
import { secretKey } from '../secrets/secret-store';
import type { Workload } from '@shared/schemas/workloads';
import { envSecretKey, type WorkloadService } from './workload-service';
import {
  exportSeed,
  planSeedImport,
  secretLocations,
  type CurrentConfig,
  type SeedImportPlan,
  type SecretLocation,
  type YamlProblem,
} from './workload-yaml';

export interface WorkloadConfigIoDeps {
  settings: { get(): Settings; update(patch: SettingsPatch): Settings };
  registries: {
    list(): Registry[];
    create(input: RegistryCreate): Promise<Registry>;
    update(input: RegistryUpdate): Promise<Registry>;
  };
  hosts: () => Array<{ id: string; name: string }>;
  proxies: {
    get(hostId: string): Promise<ProxySettings>;
    set(input: ProxySettingsInput): Promise<ProxySettings>;
  };
  /** The hosts with proxy settings saved (others are `none`). */
  proxyHosts: () => string[];
  workloads: WorkloadService;
  secrets: SecretStore;
  npmPasswordKey: (hostId: string) => string;
}

export interface ImportResult {
  ok: boolean;
  problems: YamlProblem[];
  changes: Array<z.infer<typeof yamlChangeSchema>>;
  applied: boolean;
}

export class WorkloadConfigIo {
  constructor(private readonly deps: WorkloadConfigIoDeps) {}

  async importYaml(text: string, apply: boolean, hostId: string | undefined): Promise<ImportResult> {
    const current = await this.current(hostId ?? null, true);
    const plan = planSeedImport(current, text);
    if (!plan.ok || !apply)
      return { ok: plan.ok, problems: plan.problems, changes: plan.changes, applied: false };
    await this.apply(plan);
    return { ok: true, problems: [], changes: plan.changes, applied: true };
  }

  async exportYaml(includeSecrets: boolean): Promise<string> {
    const current = await this.current(null, false);
    if (!includeSecrets) return exportSeed(current, { includeSecrets: false });
    return exportSeed(current, { includeSecrets: true, secrets: await this.secretValues(current) });
  }

  /** Settings, registries, NPM, then workloads: a workload's image may need the registry just created. */
  private async apply(plan: SeedImportPlan): Promise<void> {
    const inline = (match: (secret: SeedImportPlan['secrets'][number]) => boolean) =>
      plan.secrets.find(match)?.value;
    if (Object.keys(plan.settings).length > 0) this.deps.settings.update(plan.settings);
    for (const { registry, existingId } of plan.registries) {
      const token =
        registry.token === 'inline'
          ? inline((secret) => secret.kind === 'registry-token' && secret.host === registry.host)
          : registry.token === null
            ? null
            : undefined;
      const common = {
        name: registry.name,
        host: registry.host,
        insecure: registry.insecure,
      };
      if (existingId === null)
        await this.deps.registries.create({
          ...common,
          ...(registry.username ? { username: registry.username } : {}),
          ...(token ? { password: token } : {}),
        });
      else
        await this.deps.registries.update({
          id: existingId,
          ...common,
          username: registry.username,
          ...(token !== undefined ? { password: token } : {}),
        });
    }
    if (plan.npm) {
      const password =
        plan.npm.password === 'inline'
          ? inline((secret) => secret.kind === 'npm-password')
          : plan.npm.password === null
            ? null
            : undefined;
      await this.deps.proxies.set({
        hostId: plan.npm.hostId,
        kind: 'npm',
        npmUrl: plan.npm.url,
        npmEmail: plan.npm.email,
        ...(password !== undefined ? { npmPassword: password } : {}),
      });
    }
    for (const { input, existingId } of plan.workloads) {
      if (existingId === null) await this.deps.workloads.create(input);
      else await this.deps.workloads.update(existingId, input);
    }
  }

  private async current(defaultHostId: string | null, withSecrets: boolean): Promise<CurrentConfig> {
    const settings = this.deps.settings.get();
    const proxies = await Promise.all(this.deps.proxyHosts().map((hostId) => this.deps.proxies.get(hostId)));
    const current: CurrentConfig = {
      settings: {
        workloadDomain: settings.workloadDomain,
        workloadNetwork: settings.workloadNetwork,
        subdomainPattern: settings.subdomainPattern,
        tagSubdomainPattern: settings.tagSubdomainPattern,
      },
      hosts: this.deps.hosts(),
      defaultHostId,
      registries: this.deps.registries.list(),
      proxies,
      workloads: this.deps.workloads.list(),
    };
    // Stored values only let the diff see an unchanged secret as unchanged; they never leave the core.
    if (withSecrets) current.secretValues = await this.secretValues(current);
    return current;
  }

  private async secretValues(current: CurrentConfig): Promise<Map<string, string>> {
    const values = new Map<string, string>();
    for (const { id, location } of secretLocations(current)) {
      const value = await this.deps.secrets.get(this.keyOf(location, current.workloads));
      if (value !== null) values.set(id, value);
    }
    return values;
  }

  private keyOf(location: SecretLocation, workloads: Workload[]): string {
    if (location.kind === 'registry') return secretKey('registry', location.registryId);
    if (location.kind === 'npm') return this.deps.npmPasswordKey(location.hostId);
    const workload = workloads.find((item) => item.id === location.workloadId);
    return envSecretKey(workload?.id ?? location.workloadId, location.key);
  }
}
