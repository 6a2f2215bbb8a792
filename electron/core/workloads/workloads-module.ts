/**
 * Builds the workloads feature from the core's services: configuration, the deployer (through the deploy
 * engine), instance actions and teardown, quick deploy's image inspection, and each host's proxy.
 */
import { WORKLOAD_LABELS, type Stage, type Workload } from '@shared/schemas/workloads';
import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import type { Container } from '@shared/schemas/containers';
import type { DeployEngine } from '../deploy/deploy-engine';
import type { Logger } from '../logging/logger';
import type { ProxyProvider } from '../proxy/proxy-provider';
import { ProxySettingsRepository } from '../proxy/proxy-settings-repository';
import { npmPasswordKey, ProxySettingsService } from '../proxy/proxy-settings-service';
import { WorkloadConfigIo, type WorkloadConfigIoDeps } from './workload-config-io';
import { parseImageReference } from '../registry/image-reference';
import type { RegistryAccess } from '../registry/registry-client';
import type { SecretStore } from '../secrets/secret-store';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import { inspectImage } from './image-inspection';
import { proxyLink } from './proxy-link';
import { WorkloadDeployer, type WorkloadDeployerDeps } from './workload-deployer';
import { WorkloadInstances } from './workload-instances';
import { instanceAlias, slotAliases } from './workload-naming';
import { WorkloadRepository } from './workload-repository';
import { WorkloadService } from './workload-service';
import { StageWatch } from './stage-watch';
import type { ProxySettings } from '@shared/schemas/workloads';

/** The settings service as the workloads read (naming, network) and the YAML import writes them. */
export type SettingsAccess = WorkloadConfigIoDeps['settings'];

export interface WorkloadsModuleDeps {
  db: Db;
  clock: Clock;
  secrets: SecretStore;
  logger: Logger;
  requireHost: (hostId: string) => void;
  docker: (hostId: string) => Promise<Docker>;
  /** A stream to `address:port` as the host sees it (its SSH connection, or locally for a local host). */
  dial: (hostId: string, address: string, port: number) => Promise<Duplex>;
  containers: (hostId: string) => Promise<Container[]>;
  settings: SettingsAccess;
  engine: DeployEngine;
  /** Stages that target a Swarm service deploy through this. */
  swarm?: WorkloadDeployerDeps['swarm'];
  registries: WorkloadConfigIoDeps['registries'];
  hosts: () => Array<{ id: string; name: string }>;
  /** The address the user reaches a host at (its SSH address). */
  hostAddress: (hostId: string) => string | null;
  listTags: (registry: string, repository: string) => Promise<string[]>;
  /** The digest a deploy records for `registry/repo:tag` on that host (index digest when multi-platform). */
  resolveDigest: (hostId: string, image: string, tag: string) => Promise<string>;
  registryAccess: (registry: string) => Promise<RegistryAccess>;
  /** Builds the provider for a host's proxy settings (Caddy admin API, Traefik labels, NPM API, none). */
  createProvider: (settings: ProxySettings, hostId: string) => Promise<ProxyProvider>;
  changed: (id: number | null) => void;
}

/** A stage has a tag waiting for a person (auto-deploy off, or confirm): the desktop notifies. */
export interface ReadyNotice {
  workload: Workload;
  stage: Stage;
  tag: string;
}

export function createWorkloadsModule(deps: WorkloadsModuleDeps) {
  const readyListeners = new Set<(notice: ReadyNotice) => void>();
  const naming = () => deps.settings.get();
  const proxies = new ProxySettingsService(
    new ProxySettingsRepository(deps.db, deps.clock),
    deps.secrets,
    deps.requireHost,
  );
  const proxySettings = (hostId: string) => proxies.saved(hostId);
  const providerFor = (hostId: string) => deps.createProvider(proxySettings(hostId), hostId);
  const service = new WorkloadService({
    repository: new WorkloadRepository(deps.db, deps.clock),
    secrets: deps.secrets,
    requireHost: deps.requireHost,
    containers: deps.containers,
    naming,
    https: (hostId) => proxySettings(hostId).https,
    directAddress: (hostId) => (proxySettings(hostId).kind === 'none' ? deps.hostAddress(hostId) : null),
    liveContainers: (workload) => liveInstances(workload, deps.docker, naming().workloadNetwork),
    changed: deps.changed,
  });
  const deployer = new WorkloadDeployer({
    workloads: service,
    engine: deps.engine,
    swarm: deps.swarm,
    docker: (hostId) => deps.docker(hostId),
    naming,
    proxy: async (hostId) => {
      const settings = proxySettings(hostId);
      return proxyLink(settings, await deps.createProvider(settings, hostId), {
        docker: () => deps.docker(hostId),
        dial: (address, port) => deps.dial(hostId, address, port),
      });
    },
    bindBasePath: (hostId) => proxySettings(hostId).bindBasePath,
    listTags: (image) => listTags(image),
    finished: (deploy, workload, stage) => {
      if (deploy.state === 'done') {
        service.recordDeployed(stage.id, deploy.digest, deploy.image.split(':').pop() ?? null);
      }
      deps.changed(workload.id);
    },
  });
  const listTags = (image: string) => {
    const ref = parseImageReference(image);
    return deps.listTags(ref.registry, ref.repository);
  };
  const watch = new StageWatch({
    workloads: service,
    deployer,
    listTags,
    digestOf: (workload, tag) => deps.resolveDigest(workload.hostId, workload.image, tag),
    ready: (workload, stage, tag) => {
      deps.logger.info('a workload stage has a tag ready to deploy', {
        workload: workload.name,
        stage: stage.name,
        tag,
      });
      for (const listener of readyListeners) listener({ workload, stage, tag });
    },
    logger: deps.logger,
  });
  const instances = new WorkloadInstances({
    docker: deps.docker,
    proxy: providerFor,
    naming,
  });
  const configIo = new WorkloadConfigIo({
    settings: deps.settings,
    registries: deps.registries,
    hosts: deps.hosts,
    proxies,
    proxyHosts: () => proxies.hostIds(),
    workloads: service,
    secrets: deps.secrets,
    npmPasswordKey,
  });
  return {
    service,
    configIo,
    onReady(listener: (notice: ReadyNotice) => void): () => void {
      readyListeners.add(listener);
      return () => readyListeners.delete(listener);
    },
    deployer,
    instances,
    watch,
    proxies,
    providerFor,
    inspectImage: (hostId: string, image: string) =>
      inspectImage({ docker: deps.docker, registryAccess: deps.registryAccess }, hostId, image),
  };
}

export type WorkloadsModule = ReturnType<typeof createWorkloadsModule>;

/** The instances a route serves now: holders of the stage's slot aliases, or of their own alias. */
async function liveInstances(
  workload: Workload,
  docker: (hostId: string) => Promise<Docker>,
  defaultNetwork: string,
): Promise<Set<string>> {
  const engine = await docker(workload.hostId);
  const network = workload.network ?? defaultNetwork;
  const running = await engine.listContainers({
    filters: { label: [`${WORKLOAD_LABELS.workload}=${workload.name}`] },
  });
  const live = new Set<string>();
  for (const info of running) {
    const stage = info.Labels[WORKLOAD_LABELS.stage] ?? '';
    const tag = info.Labels[WORKLOAD_LABELS.tag] ?? '';
    const aliases = (await engine
      .getContainer(info.Id)
      .inspect()
      .then((detail) => detail.NetworkSettings.Networks[network]?.Aliases ?? [])
      .catch(() => [])) as string[];
    const serving = [...slotAliases(workload.name, stage)];
    const strict = workload.stages.find((item) => item.name === stage)?.maxInstances === 1;
    if (!strict) serving.push(instanceAlias(workload.name, stage, tag));
    if (aliases.some((alias) => serving.includes(alias))) live.add(info.Id);
  }
  return live;
}
