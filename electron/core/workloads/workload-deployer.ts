/**
 * Deploying a tag to a workload stage: checks the tag belongs to the stage (its pattern, or running in the
 * stage it promotes from), builds the blue-green plan (names, labels, env, mounts, limits, routes) and
 * hands it to the deploy engine, the one place where deploys run.
 */
import { AppError } from '@shared/rpc/errors';
import type { Deploy } from '@shared/schemas/deploys';
import { WORKLOAD_LABELS, type Stage, type Workload } from '@shared/schemas/workloads';
import type Docker from 'dockerode';
import semver from 'semver';
import type { BlueGreenPlan } from '../deploy/blue-green';
import type { DeployEngine } from '../deploy/deploy-engine';
import type { DeployOrigin } from '../deploy/deploy-journal';
import type { ProbeResult } from '../deploy/http-probe';
import type { ProxyProvider, RouteSpec } from '../proxy/proxy-provider';
import {
  instanceAlias,
  instanceContainerName,
  slotAliases,
  stageHostname,
  stageLockName,
  tagMatches,
  type NamingSettings,
} from './workload-naming';
import type { WorkloadService } from './workload-service';

export interface ProxyLink {
  provider: ProxyProvider;
  /** Joins the proxy to the workload network when it is a container on this host; answers what it did. */
  prepare: (docker: Docker, network: string) => Promise<string | null>;
  /** One request through the proxy (null when the provider cannot be asked that way). */
  viaProxy: ((hostname: string, path: string) => Promise<ProbeResult>) | null;
}

export interface WorkloadDeployerDeps {
  workloads: WorkloadService;
  engine: DeployEngine;
  naming: () => NamingSettings & { workloadNetwork: string };
  /** The host's proxy as configured (kind none: direct ports, no route). */
  proxy: (hostId: string) => Promise<ProxyLink>;
  /** Bind mounts must lie under this base path of the host (null: refused). */
  bindBasePath: (hostId: string) => string | null;
  /** The registry's tags of an image repository (`registry/repo`), with the saved credentials. */
  listTags: (repository: string) => Promise<string[]>;
  /**
   * A stage with a Swarm service is deployed as that service's update (see swarm/swarm-deployer.ts), and
   * what runs there is the service's tag.
   */
  swarm?: {
    start: (
      input: { hostId: string; service: string; tag: string; healthPath?: string; healthPort?: number },
      stage: { repository: string; origin: DeployOrigin },
    ) => Promise<{ deploy: Deploy; finished: Promise<Deploy> }>;
    runningTag: (hostId: string, service: string) => Promise<string | null>;
  };
  /** The host's engine (a Swarm stage's proxy joins the service's overlay network). */
  docker?: (hostId: string) => Promise<Docker>;
  /** A stage's deploy ended (done, rolled back, failed): refresh pending tags, notify. */
  finished?: (deploy: Deploy, workload: Workload, stage: Stage) => void;
}

/** "Deploy version…" lists this many tags at most. */
const TAGS_LIMIT = 100;

export class WorkloadDeployer {
  constructor(private readonly deps: WorkloadDeployerDeps) {}

  /** Opens the deploy (BUSY while the stage has one running) and runs it in the background. */
  async deploy(input: {
    id: number;
    stage: string;
    tag: string;
    confirmed: boolean;
    /** Auto-deploy: the tag came from the registry and the stage's rules were applied already. */
    automatic?: boolean;
  }): Promise<{ deploy: Deploy; finished: Promise<Deploy> }> {
    const workload = this.deps.workloads.get(input.id);
    const stage = stageOf(workload, input.stage);
    await this.checkTag(workload, stage, input.tag);
    if (stage.confirm && !input.confirmed && !input.automatic) {
      throw new AppError(
        'VALIDATION',
        `Stage ${stage.name} asks for a confirmation before each deploy`,
        'confirmed',
      );
    }
    const started = stage.swarmService
      ? await this.startSwarm(workload, stage, stage.swarmService, input.tag)
      : await this.startBlueGreen(workload, stage, input.tag);
    const finished = started.finished.then((deploy) => {
      this.deps.finished?.(deploy, workload, stage);
      return deploy;
    });
    return { deploy: started.deploy, finished };
  }

  private async startBlueGreen(workload: Workload, stage: Stage, tag: string) {
    this.checkVolumes(workload);
    return this.deps.engine.startBlueGreen(await this.plan(workload, stage, tag));
  }

  private async startSwarm(workload: Workload, stage: Stage, service: string, tag: string) {
    if (!this.deps.swarm) throw new AppError('CONFLICT', 'Swarm deploys are not available in this core');
    await this.routeSwarm(workload, stage, service);
    const health = workload.healthPath ? { healthPath: workload.healthPath, healthPort: workload.port } : {};
    return this.deps.swarm.start(
      { hostId: workload.hostId, service, tag, ...health },
      { repository: workload.image, origin: { kind: 'swarm', workloadId: workload.id, stage: stage.name } },
    );
  }

  /**
   * A Swarm stage's route: the proxy joins the workload's overlay network and sends the stage's hostname to
   * the service's name there. Services use `--endpoint-mode dnsrr` (the routing mesh needs IPVS, which not
   * every kernel has), so the name resolves to the running tasks and Swarm's start-first update changes
   * what is behind it: the route is written once and never switched. No proxy or no network: no route.
   */
  private async routeSwarm(workload: Workload, stage: Stage, service: string): Promise<void> {
    const link = await this.deps.proxy(workload.hostId);
    if (link.provider.kind === 'none' || !workload.network || !this.deps.docker) return;
    await link.prepare(await this.deps.docker(workload.hostId), workload.network);
    await link.provider.upsertRoute({
      hostname: stageHostname(this.deps.naming(), workload.name, stage, null),
      upstreams: [`${service}:${workload.port}`],
      healthPath: workload.healthPath ?? '/',
    });
  }

  /** Throws VALIDATION when the tag is not the stage's to deploy. */
  private async checkTag(workload: Workload, stage: Stage, tag: string): Promise<void> {
    if (stage.promoteFrom) {
      const running = await this.runningTags(workload, stage.promoteFrom);
      if (!running.includes(tag))
        throw new AppError(
          'VALIDATION',
          `${tag} does not run in ${stage.promoteFrom}; ${stage.name} only takes tags promoted from there` +
            (running.length ? ` (now: ${running.join(', ')})` : ''),
          'tag',
        );
      return;
    }
    if (!tagMatches(stage.tagPattern, tag))
      throw new AppError(
        'VALIDATION',
        `${tag} does not match ${stage.name}'s pattern ${stage.tagPattern}`,
        'tag',
      );
  }

  /**
   * What "Deploy version…" offers: for a promote-from stage the tags running there, else the registry's
   * tags matching the stage's pattern, newest first (the pin marked).
   */
  async tags(id: number, stageName: string): Promise<Array<{ tag: string; note: string | null }>> {
    const workload = this.deps.workloads.get(id);
    const stage = stageOf(workload, stageName);
    if (stage.promoteFrom) {
      const running = await this.runningTags(workload, stage.promoteFrom);
      return running.map((tag) => ({ tag, note: `running in ${stage.promoteFrom}` }));
    }
    const all = await this.deps.listTags(workload.image);
    const matching = newestFirst(all.filter((tag) => tagMatches(stage.tagPattern, tag))).slice(0, TAGS_LIMIT);
    return matching.map((tag) => ({ tag, note: tag === stage.pinnedTag ? 'pinned' : null }));
  }

  /** Tags running (healthy or not) in a stage now, newest instance first. */
  async runningTags(workload: Workload, stageName: string): Promise<string[]> {
    const service = workload.stages.find((stage) => stage.name === stageName)?.swarmService;
    if (service && this.deps.swarm) {
      const tag = await this.deps.swarm.runningTag(workload.hostId, service).catch(() => null);
      return tag ? [tag] : [];
    }
    const instances = await this.deps.workloads.instances(workload);
    const tags = instances
      .filter((item) => item.labels[WORKLOAD_LABELS.stage] === stageName && item.state === 'running')
      .map((item) => item.labels[WORKLOAD_LABELS.tag] ?? '')
      .filter(Boolean);
    return [...new Set(tags)];
  }

  private checkVolumes(workload: Workload): void {
    const base = this.deps.bindBasePath(workload.hostId);
    for (const volume of workload.volumes) {
      if (volume.kind !== 'bind') continue;
      const inside = base !== null && isUnder(volume.source, base);
      if (!inside)
        throw new AppError(
          'VALIDATION',
          base === null
            ? `Bind mounts are off on this host: set an allowed base path in its proxy settings (${volume.source})`
            : `${volume.source} is outside the allowed base path ${base}`,
          'volumes',
        );
    }
  }

  private async plan(workload: Workload, stage: Stage, tag: string): Promise<BlueGreenPlan> {
    const naming = this.deps.naming();
    const link = await this.deps.proxy(workload.hostId);
    const network = workload.network ?? naming.workloadNetwork;
    const strict = stage.maxInstances === 1;
    const slots = strict ? slotAliases(workload.name, stage.name) : null;
    const alias = instanceAlias(workload.name, stage.name, tag);
    const healthPath = workload.healthPath ?? '/';
    const routeFor = (routeTag: string | null, upstreams: string[]): RouteSpec | null =>
      link.provider.kind === 'none'
        ? null
        : {
            hostname: stageHostname(naming, workload.name, stage, routeTag),
            upstreams: upstreams.map((name) => `${name}:${workload.port}`),
            healthPath,
          };
    const route = strict ? routeFor(null, slots as string[]) : routeFor(tag, [alias]);
    const labels = {
      [WORKLOAD_LABELS.workload]: workload.name,
      [WORKLOAD_LABELS.stage]: stage.name,
      [WORKLOAD_LABELS.tag]: tag,
      // Deployed by Tidewatch: the update watch leaves the stage's containers to the stage's own rules.
      'diun.enable': 'false',
      ...(route ? link.provider.containerLabels(route) : {}),
    };
    return {
      hostId: workload.hostId,
      workloadId: workload.id,
      stage: stage.name,
      lockName: stageLockName(workload.name, stage.name),
      image: `${workload.image}:${tag}`,
      tag,
      network,
      port: workload.port,
      healthPath: workload.healthPath,
      selector: { [WORKLOAD_LABELS.workload]: workload.name, [WORKLOAD_LABELS.stage]: stage.name },
      containerName: (deployId) => instanceContainerName(workload.name, stage.name, tag, deployId),
      create: async (_name, deployId) => ({
        Env: await this.deps.workloads.resolvedEnv(workload),
        Labels: { ...labels, [WORKLOAD_LABELS.deploy]: String(deployId) },
        ExposedPorts: { [`${workload.port}/tcp`]: {} },
        HostConfig: {
          ...hostConfig(workload),
          // No proxy: each instance is reached on a port of its own that Docker picks (no zero-downtime switch).
          ...(link.provider.kind === 'none'
            ? { PortBindings: { [`${workload.port}/tcp`]: [{ HostPort: '' }] } }
            : {}),
        },
      }),
      slots,
      instanceAlias: alias,
      route,
      instanceRoute: (oldTag) =>
        strict ? null : routeFor(oldTag, [instanceAlias(workload.name, stage.name, oldTag)]),
      maxInstances: stage.maxInstances,
      proxy: async () => link.provider,
      prepareProxy: (docker) => link.prepare(docker, network),
      viaProxy: link.viaProxy,
    };
  }
}

export function stageOf(workload: Workload, name: string): Stage {
  const stage = workload.stages.find((item) => item.name === name);
  if (!stage) throw new AppError('NOT_FOUND', `Workload ${workload.name} has no stage ${name}`, 'stage');
  return stage;
}

function hostConfig(workload: Workload): Docker.HostConfig {
  const mounts: Docker.MountSettings[] = workload.volumes.map((volume) => {
    if (volume.kind === 'tmpfs')
      return {
        Type: 'tmpfs',
        Source: '',
        Target: volume.target,
        ...(volume.sizeMb ? { TmpfsOptions: { SizeBytes: volume.sizeMb * 1024 * 1024, Mode: 0o1777 } } : {}),
      };
    return {
      Type: volume.kind,
      Source: volume.kind === 'volume' ? volume.name : volume.source,
      Target: volume.target,
      ReadOnly: volume.readOnly,
    };
  });
  return {
    Mounts: mounts,
    RestartPolicy: { Name: 'unless-stopped' },
    ...(workload.cpus ? { NanoCpus: Math.round(workload.cpus * 1e9) } : {}),
    ...(workload.memoryMb ? { Memory: workload.memoryMb * 1024 * 1024 } : {}),
  };
}

/** `/srv/apps/x` lies under `/srv/apps`; `/srv/apps/../etc` and `/srv/apps2` do not. */
export function isUnder(path: string, base: string): boolean {
  const parts = path.split('/').filter(Boolean);
  if (parts.some((part) => part === '..' || part === '.')) return false;
  const baseParts = base.split('/').filter(Boolean);
  return baseParts.every((part, index) => parts[index] === part) && parts.length >= baseParts.length;
}

/**
 * Tags newest first: versions by semver (a leading `v` allowed), the others by natural order
 * (`dev-10` after `dev-9`), versions before the others.
 */
export function newestFirst(tags: readonly string[]): string[] {
  const version = (tag: string) => semver.valid(semver.clean(tag, { loose: true }) ?? '') ?? null;
  const natural = new Intl.Collator('en', { numeric: true });
  return [...tags].sort((a, b) => {
    const [va, vb] = [version(a), version(b)];
    if (va && vb) return semver.rcompare(va, vb) || natural.compare(b, a);
    if (va || vb) return va ? -1 : 1;
    return natural.compare(b, a);
  });
}
