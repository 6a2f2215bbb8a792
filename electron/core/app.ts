/**
 * The composition root: builds every core service from its dependencies and the handlers that serve
 * the contract. The Electron main process and the headless companion both call createCore; so do tests.
 */
import { AppError } from '@shared/rpc/errors';
import { join } from 'node:path';
import type { AppInfo } from '@shared/schemas/app';
import type { Deploy } from '@shared/schemas/deploys';
import { appHandlers } from './api/app-api';
import { composeHandlers } from './api/compose-api';
import { containersHandlers } from './api/containers-api';
import { createDispatcher, type Dispatcher, type Handlers } from './api/dispatcher';
import { execHandlers } from './api/exec-api';
import { hostsHandlers } from './api/hosts-api';
import { hostMetricsHandlers } from './api/host-metrics-api';
import { hostUsageHandlers } from './api/host-usage-api';
import { registriesHandlers } from './api/registries-api';
import { resourcesHandlers } from './api/resources-api';
import { autoUpdateHandlers } from './api/auto-update-api';
import { containerActionsHandlers } from './api/container-actions-api';
import { containerDetailsHandlers } from './api/container-details-api';
import { deploysHandlers } from './api/deploys-api';
import { swarmHandlers } from './api/swarm-api';
import { settingsHandlers } from './api/settings-api';
import { workloadsHandlers } from './api/workloads-api';
import { webhooksHandlers } from './api/webhooks-api';
import { companionsHandlers } from './api/companions-api';
import { CompanionsService } from './companions/companions-service';
import { CompanionUpdates } from './companions/companion-updates';
import { createWebhooksModule, type WebhooksModule } from './webhooks/webhooks-module';
import { parseImageReference } from './registry/image-reference';
import { createWorkloadsModule, type WorkloadsModule } from './workloads/workloads-module';
import { createProxyProvider } from './proxy/proxy-factory';
import { npmPasswordKey } from './proxy/proxy-settings-service';
import { AutoUpdateRepository } from './deploy/auto-update-repository';
import { AutoUpdater } from './deploy/auto-updater';
import { DeployEngine } from './deploy/deploy-engine';
import type { DeployTiming } from './deploy/deploy-run';
import { DeployJournal } from './deploy/deploy-journal';
import { ContainerDetailsService } from './docker/container-details';
import { deployNotice } from './deploy/deploy-notice';
import { createDeployTags } from './deploy/deploy-tags';
import { updatesHandlers } from './api/updates-api';
import { HostConnectivity } from './connectivity/host-connectivity';
import { DockerContainerSource } from './docker/docker-container-source';
import { openEngine, type Engine } from './docker/docker-engine';
import { DockerService } from './docker/docker-service';
import { HostImages } from './docker/host-images';
import { HostNetworks } from './docker/host-networks';
import { HostVolumes } from './docker/host-volumes';
import { ImagePulls } from './docker/image-pulls';
import { EventBus } from './events/event-bus';
import { HostRepository } from './hosts/host-repository';
import { HostService } from './hosts/host-service';
import type { Logger } from './logging/logger';
import type { Redactor } from './logging/redactor';
import type { SecretStore } from './secrets/secret-store';
import { SettingsRepository } from './settings/settings-repository';
import { SettingsService } from './settings/settings-service';
import { SshConnectionManager, type ConnectionManagerOptions } from './ssh/ssh-connection-manager';
import { openDatabase, type Db } from './store/database';
import { systemClock, type Clock } from './util/clock';
import type { ContainerSource } from './updates/container-source';
import { systemTimers, type Timers } from './util/timers';
import { createUpdatesModule, type UpdatesModule } from './updates/updates-module';
import { SwarmClusterReader } from './swarm/swarm-cluster';
import { SwarmDeployer, type SwarmTiming } from './swarm/swarm-deployer';
import { SwarmWatchSource } from './swarm/swarm-watch-source';
import { SwarmServices } from './swarm/swarm-services';
import type { ImageReference } from './registry/image-reference';
import type { Platform } from './registry/platform';

export interface CoreOptions {
  dataDir: string;
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  mode: AppInfo['mode'];
  version: string;
  /** Update watch wiring; the Docker layer provides `source`. Schedules auto-start except in test mode. */
  updates?: { source?: ContainerSource; fetch?: typeof fetch; timers?: Timers; autoStart?: boolean };
  /** Masks secrets used without being stored (testConnection of an unsaved host) in the log. */
  redactor?: Redactor;
  /** SSH tuning for tests (timeouts, back-off, timers) and the home dir for ~/ paths and ~/.ssh/config. */
  ssh?: Pick<
    ConnectionManagerOptions,
    'readyTimeoutMs' | 'keepaliveIntervalMs' | 'backoff' | 'timers' | 'homeDir' | 'dial'
  > & {
    /**
     * The SSH agent socket for hosts with agent auth. Omitted: process.env.SSH_AUTH_SOCK, read at each connect
     * (so a changed environment is picked up); null: no agent at all.
     */
    agentSocket?: string | null;
  };
  /** Deploy engine timing (tests shorten the health timeout and the watch period). */
  deploys?: { timing?: Partial<DeployTiming> };
  /** Swarm deploy timing (tests poll faster). */
  swarm?: { timing?: Partial<SwarmTiming> };
  /** Webhook intake: `listen` (the companion's `--webhooks`) runs the listener there whatever the settings say. */
  webhooks?: { listen?: string | null };
  /** Connect the hosts the user left connected (hosts.connect, no disconnect since); default: not in test mode. */
  autoConnect?: boolean;
}

export interface Core {
  dispatcher: Dispatcher;
  events: EventBus;
  db: Db;
  settings: SettingsService;
  updates: UpdatesModule;
  hosts: HostService;
  /** SSH connections only (key scans, one-off dials); the host status and engines come from connectivity. */
  ssh: SshConnectionManager;
  connectivity: HostConnectivity<Engine>;
  docker: DockerService;
  deploys: DeployEngine;
  /** Swarm service updates (followed deploys in the same journal). */
  swarmDeploys: SwarmDeployer;
  autoUpdater: AutoUpdater;
  workloads: WorkloadsModule;
  webhooks: WebhooksModule;
  companions: CompanionsService;
  /** Attached companions' pending updates, for the desktop's tray and notifications. */
  companionUpdates: CompanionUpdates;
  logger: Logger;
  info(): AppInfo;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const { logger } = options;
  const db = openDatabase(join(options.dataDir, 'tidewatch.db'));
  const events = new EventBus();
  const settings = new SettingsService(
    new SettingsRepository(db),
    events,
    clock,
    logger.child({ service: 'settings' }),
  );

  const hosts = new HostService({
    repository: new HostRepository(db),
    secrets: options.secrets,
    clock,
    logger: logger.child({ service: 'hosts' }),
    emit: (change) => events.emit('hosts.changed', change),
    registerSecret: (value) => options.redactor?.register(value),
    agentSocket: agentSocketSource(options.ssh?.agentSocket),
  });
  const { agentSocket: _agentSocket, ...sshTuning } = options.ssh ?? {};
  const ssh = new SshConnectionManager({
    ...sshTuning,
    resolver: hosts,
    heldDown: (hostId) => hosts.heldDownReason(hostId),
    clock,
    logger: logger.child({ service: 'ssh' }),
  });
  // SSH + the Docker check = the host status (hosts.state); the Docker layer only lends its engine opener.
  const connectivity = new HostConnectivity<Engine>({
    ssh,
    openEngine,
    dockerSettings: (hostId) => hosts.dockerSettings(hostId),
    heldDown: (hostId) => hosts.heldDownReason(hostId),
    onState: (status) => events.emit('hosts.state', status),
    logger: logger.child({ service: 'connectivity' }),
    clock,
    timers: sshTuning.timers,
    backoff: sshTuning.backoff,
  });
  const docker = new DockerService({
    connectivity,
    events,
    logger: logger.child({ service: 'docker' }),
    hostName: (hostId) => hosts.dockerSettings(hostId).name,
  });
  connectivity.listenEngines(docker);
  const engineOf = (hostId: string) => docker.engine(hostId);

  const updates = createUpdatesModule({
    db,
    secrets: options.secrets,
    events,
    clock,
    logger,
    version: options.version,
    source:
      options.updates?.source ?? new SwarmWatchSource(new DockerContainerSource(hosts, docker), engineOf),
    fetch: options.updates?.fetch,
    timers: options.updates?.timers,
    defaultIntervalMinutes: () => settings.get().defaultPollIntervalMinutes,
    settings: () => settings.get(),
    // The engine is built below; the poller asks only once a check runs.
    deployState: (hostId, name) => deploys.containerState(hostId, name),
  });
  const deployJournal = new DeployJournal(db, clock);
  const resolveDigest = async (ref: ImageReference, platform: Platform, signal: AbortSignal) => {
    const resolved = await updates.client.resolveDigest(
      ref.registry,
      ref.repository,
      ref.tag ?? 'latest',
      platform,
      signal,
    );
    // The engine records the digest it pulled by tag: the index's for a multi-platform image.
    return resolved.indexDigest ?? resolved.digest;
  };
  const registryAccess = (registry: string) => updates.registries.access(registry);
  const deploys = new DeployEngine({
    journal: deployJournal,
    requireHost: (hostId) => void hosts.get(hostId),
    engine: (hostId) => connectivity.engine(hostId),
    dial: async (hostId, address, port) => (await connectivity.reach(hostId)).dial(address, port),
    resolveDigest,
    registryAccess,
    events,
    logger: logger.child({ service: 'deploys' }),
    timing: options.deploys?.timing,
    keepOldContainers: () => settings.get().keepOldContainers,
    // Built below; asked only when a deploy names something that is not a container.
    otherTarget: (input) => swarmDeploys.startIfService(input),
  });

  const swarmCluster = new SwarmClusterReader({
    engine: engineOf,
    hosts: () => hosts.list().map((host) => ({ id: host.id, address: host.address })),
  });
  const swarmDeploys = new SwarmDeployer({
    journal: deployJournal,
    requireHost: (hostId) => void hosts.get(hostId),
    cluster: swarmCluster,
    resolveDigest,
    registryAccess,
    events,
    logger: logger.child({ service: 'swarm' }),
    timing: options.swarm?.timing,
  });

  const deployTags = createDeployTags({
    requireHost: (hostId) => void hosts.get(hostId),
    engine: (hostId) => docker.engine(hostId),
    listTags: (registry, repository) => updates.client.listTags(registry, repository),
    includePrereleases: () => settings.get().includePrereleases,
  });

  // Deploys a stopped core left unfinished are settled as soon as their host is reachable.
  events.on('hosts.state', (status) => {
    if (status.state !== 'connected') return;
    deploys
      .recover(status.hostId)
      .catch((error: unknown) => logger.warn('deploy recovery failed', { hostId: status.hostId, error }));
    swarmDeploys
      .recover(status.hostId)
      .catch((error: unknown) =>
        logger.warn('swarm deploy recovery failed', { hostId: status.hostId, error }),
      );
  });

  // Every result goes to the notifiers. A finished update closes its inbox entry: the host is checked
  // again and the entry goes (or shows the next step when the user chose a smaller one).
  const announceDeploy = (deploy: Deploy) => {
    const hostName = hosts.list().find((host) => host.id === deploy.hostId)?.name ?? deploy.hostId;
    void updates.notifiers.dispatchDeploy(deployNotice(deploy, hostName));
    if (deploy.state !== 'done') return;
    updates.poller
      .run(deploy.hostId)
      .catch((error: unknown) => logger.warn('check after deploy failed', { hostId: deploy.hostId, error }));
  };
  deploys.onFinished(announceDeploy);
  swarmDeploys.onFinished(announceDeploy);

  // Containers whose policy allows it update themselves after each check, through the same engine.
  const autoUpdateSettings = new AutoUpdateRepository(db, clock);
  const autoUpdater = new AutoUpdater({
    entries: () => updates.inbox.list({}),
    labels: async (hostId) =>
      new Map((await docker.listContainers(hostId)).map((container) => [container.name, container.labels])),
    setting: (hostId, name) => autoUpdateSettings.get(hostId, name),
    deploy: async (input) => {
      const { deploy, finished } = await deploys.start(input);
      finished.catch(() => undefined);
      return deploy;
    },
    history: (hostId, containerName) => deploys.list({ hostId, containerName, limit: 20 }),
    skipHost: (hostId) => hosts.backgroundSkipReason(hostId),
    clock,
    timers: options.updates?.timers ?? systemTimers,
    logger: logger.child({ service: 'auto-update' }),
  });
  const evaluateAutoUpdates = () =>
    void autoUpdater.evaluate().catch((error: unknown) => logger.warn('automatic updates failed', { error }));
  events.on('updates.checkFinished', evaluateAutoUpdates);

  if (options.updates?.autoStart ?? options.mode !== 'test') {
    updates.start().catch((error: unknown) => logger.error('update schedules failed to start', { error }));
  }

  if (options.autoConnect ?? options.mode !== 'test') connectWantedHosts(hosts, connectivity, logger);

  const info = (): AppInfo => ({
    name: 'Tidewatch',
    version: options.version,
    platform: `${process.platform}-${process.arch}`,
    mode: options.mode,
    dataDir: options.dataDir,
    secretBackend: options.secrets.info,
  });

  // Images, volumes and networks; pulls use the saved registry logins, as deploys do.
  const imagePulls = new ImagePulls({
    engine: engineOf,
    registryAccess: (registry) => updates.registries.access(registry),
    emit: (event) => events.emit('images.pullProgress', event),
    logger: logger.child({ service: 'image-pulls' }),
  });

  // Workloads: applications Tidewatch deploys blue-green behind each host's reverse proxy.
  const workloads = createWorkloadsModule({
    db,
    clock,
    secrets: options.secrets,
    logger: logger.child({ service: 'workloads' }),
    requireHost: (hostId) => void hosts.get(hostId),
    docker: async (hostId) => (await docker.engine(hostId)).docker,
    dial: async (hostId, address, port) => (await connectivity.reach(hostId)).dial(address, port),
    containers: (hostId) => docker.listContainers(hostId),
    settings,
    engine: deploys,
    swarm: {
      start: (input, stage) => swarmDeploys.start(input, stage),
      runningTag: (hostId, service) => swarmDeploys.runningTag(hostId, service),
    },
    registries: updates.registries,
    hosts: () => hosts.list().map((host) => ({ id: host.id, name: host.name })),
    hostAddress: (hostId) => hosts.list().find((host) => host.id === hostId)?.address ?? null,
    listTags: (registry, repository) => updates.client.listTags(registry, repository),
    resolveDigest: async (hostId, image, tag) => {
      const ref = parseImageReference(image);
      const version = (await (await docker.engine(hostId)).docker.version()) as {
        Os?: string;
        Arch?: string;
      };
      const platform = { os: version.Os ?? 'linux', architecture: version.Arch ?? 'amd64' };
      const resolved = await updates.client.resolveDigest(ref.registry, ref.repository, tag, platform);
      return resolved.indexDigest ?? resolved.digest;
    },
    registryAccess: (registry) => updates.registries.access(registry),
    createProvider: async (proxy, hostId) => {
      const engine = (await docker.engine(hostId)).docker;
      return createProxyProvider(proxy, {
        dial: async (address, port) => (await connectivity.reach(hostId)).dial(address, port),
        docker: engine,
        npmPassword: () => options.secrets.get(npmPasswordKey(hostId)),
        listContainers: () => engine.listContainers({ all: true }),
      });
    },
    changed: (id) => events.emit('workloads.changed', { id }),
  });

  // After each update check, workload stages look for new tags too (auto-deploy or "ready to deploy").
  events.on('updates.checkFinished', (run) => {
    if (run.outcome === 'cancelled') return;
    workloads.watch.check().catch((error: unknown) => logger.warn('workload tag check failed', { error }));
  });

  const webhooks = createWebhooksModule({
    db,
    clock,
    logger,
    secrets: options.secrets,
    redactor: options.redactor,
    events,
    hosts: () => hosts.list().map((host) => ({ id: host.id, name: host.name, address: host.address })),
    workloads,
    listenOverride: options.webhooks?.listen ?? null,
  });
  webhooks.start().catch((error: unknown) => logger.warn('webhook intake did not start', { error }));
  const companions = new CompanionsService({
    db,
    clock,
    secrets: options.secrets,
    events,
    logger: logger.child({ service: 'companions' }),
    hostName: (hostId) => hosts.get(hostId).name,
    ssh: (hostId) => connectivity.acquire(hostId),
  });
  // Before the links start: their first "open" already fetches the companions' pending updates.
  const companionUpdates = new CompanionUpdates({
    events,
    logger: logger.child({ service: 'companion-updates' }),
    client: (id) => companions.client(id),
  });
  companions.start().catch((error: unknown) => logger.warn('companions not attached', { error }));

  const handlers: Handlers = {
    ...appHandlers({
      info,
      resetSecretStore: async () => {
        if (!options.secrets.reset) {
          throw new AppError('CONFLICT', 'This secret backend cannot be reset from Tidewatch');
        }
        const backend = await options.secrets.reset(clock.now());
        events.emit('app.secretBackendChanged', backend);
        return backend;
      },
    }),
    'events.since': ({ after }) => events.since(after),
    ...settingsHandlers(settings),
    ...registriesHandlers(updates.registries),
    ...updatesHandlers(updates),
    ...hostsHandlers({
      hosts,
      connectivity,
      ssh,
      docker,
      logger: logger.child({ service: 'hosts-api' }),
      homeDir: options.ssh?.homeDir,
    }),
    ...containersHandlers(docker, hosts),
    ...containerActionsHandlers(docker, hosts),
    ...composeHandlers(engineOf, hosts),
    ...hostUsageHandlers(engineOf, hosts),
    ...hostMetricsHandlers(
      async (hostId, command, maxBytes) => (await connectivity.reach(hostId)).run(command, maxBytes),
      hosts,
    ),
    ...containerDetailsHandlers(
      new ContainerDetailsService((hostId) => docker.engine(hostId)),
      hosts,
      (hostId) => docker.engine(hostId),
    ),
    ...resourcesHandlers({
      hosts,
      images: new HostImages(engineOf),
      pulls: imagePulls,
      volumes: new HostVolumes(engineOf),
      networks: new HostNetworks(engineOf),
    }),
    ...execHandlers(docker.exec, hosts),
    ...deploysHandlers(deploys, deployTags, swarmDeploys),
    ...swarmHandlers(
      swarmCluster,
      swarmDeploys,
      new SwarmServices({ cluster: swarmCluster, registryAccess }),
      hosts,
    ),
    ...autoUpdateHandlers({
      settings: autoUpdateSettings,
      requireHost: (hostId) => void hosts.get(hostId),
      changed: evaluateAutoUpdates,
    }),
    ...workloadsHandlers({
      workloads: workloads.service,
      proxies: workloads.proxies,
      configIo: workloads.configIo,
      requireHost: (hostId) => void hosts.get(hostId),
      deployer: workloads.deployer,
      instances: workloads.instances,
      engine: deploys,
      inspectImage: workloads.inspectImage,
      proxyFor: workloads.providerFor,
      check: (id) => workloads.watch.check(id),
    }),
    ...webhooksHandlers(webhooks),
    ...companionsHandlers(companions, companionUpdates),
  };

  logger.info('core started', { mode: options.mode, version: options.version });
  return {
    dispatcher: createDispatcher(handlers, logger.child({ service: 'api' }), {
      // What a connection owned ends with it: a closed tab leaves no shell running.
      connectionClosed: (connectionId) => {
        docker.exec.closeOwner(connectionId);
        docker.logs.stopOwner(connectionId);
        companions.connectionClosed(connectionId);
      },
    }),
    events,
    db,
    settings,
    updates,
    hosts,
    ssh,
    connectivity,
    docker,
    deploys,
    swarmDeploys,
    autoUpdater,
    workloads,
    webhooks,
    companions,
    companionUpdates,
    logger,
    info,
    async close() {
      companionUpdates.close();
      companions.close();
      await webhooks.close();
      autoUpdater.stop();
      imagePulls.cancelAll();
      await updates.stop();
      docker.close();
      connectivity.close();
      ssh.close();
      db.close();
      logger.info('core stopped');
    },
  };
}

/** Restores the connections the user had: each wanted host connects (and keeps retrying) in the background. */
function connectWantedHosts(
  hosts: HostService,
  connectivity: HostConnectivity<Engine>,
  logger: Logger,
): void {
  for (const id of hosts.wantedConnected()) {
    connectivity
      .connect(id)
      .catch((error: unknown) => logger.warn('auto-connect failed', { hostId: id, error }));
  }
}

/** Where agent auth finds the agent: the configured socket, or the environment at connect time. */
function agentSocketSource(configured: string | null | undefined): () => string | null {
  if (configured !== undefined) return () => configured;
  return () => process.env.SSH_AUTH_SOCK || null;
}
