import { AppError } from '@shared/rpc/errors';
import type { DeployEngine } from '../deploy/deploy-engine';
import type { ProxyProvider } from '../proxy/proxy-provider';
import type { ProxySettingsService } from '../proxy/proxy-settings-service';
import type { ImageInspection } from '../workloads/image-inspection';
import type { WorkloadConfigIo } from '../workloads/workload-config-io';
import type { WorkloadDeployer } from '../workloads/workload-deployer';
import type { WorkloadInstances } from '../workloads/workload-instances';
import type { WorkloadService } from '../workloads/workload-service';
import type { Handler } from './dispatcher';

export interface WorkloadsApiDeps {
  workloads: WorkloadService;
  proxies: ProxySettingsService;
  requireHost: (hostId: string) => void;
  deployer: WorkloadDeployer;
  instances: WorkloadInstances;
  engine: DeployEngine;
  inspectImage: (hostId: string, image: string) => Promise<ImageInspection>;
  proxyFor: (hostId: string) => Promise<ProxyProvider>;
  configIo: WorkloadConfigIo;
  check: (id?: number) => Promise<
    Array<{
      workloadId: number;
      stage: string;
      tag: string;
      action: 'deployed' | 'pending' | 'busy' | 'none';
    }>
  >;
}

type Names =
  | 'workloads.list'
  | 'workloads.get'
  | 'workloads.create'
  | 'workloads.update'
  | 'workloads.remove'
  | 'workloads.tags'
  | 'workloads.deploy'
  | 'workloads.instanceAction'
  | 'workloads.inspectImage'
  | 'workloads.history'
  | 'workloads.importYaml'
  | 'workloads.exportYaml'
  | 'workloads.check'
  | 'proxy.get'
  | 'proxy.set'
  | 'proxy.routes';

export function workloadsHandlers(deps: WorkloadsApiDeps): { [N in Names]: Handler<N> } {
  return {
    'workloads.list': (input) => deps.workloads.views(input?.hostId),
    'workloads.get': (input) => deps.workloads.view(input.id),
    'workloads.create': (input) => deps.workloads.create(input),
    'workloads.update': async ({ id, ...input }) => {
      const before = deps.workloads.get(id);
      const updated = await deps.workloads.update(id, input);
      // Auto-deploy turned on acts at once on what arrived while it was off.
      const turnedOn = updated.stages.some(
        (stage) => stage.autoDeploy && !before.stages.find((old) => old.name === stage.name)?.autoDeploy,
      );
      if (turnedOn) void deps.check(id).catch(() => undefined);
      return updated;
    },
    'workloads.remove': async (input) => {
      const workload = deps.workloads.get(input.id);
      const removed = await deps.instances.teardown(workload, input.removeVolumes);
      await deps.workloads.forget(input.id);
      return removed;
    },
    'workloads.tags': (input) => deps.deployer.tags(input.id, input.stage),
    // Answers once the deploy is open; its progress arrives as deploys.progress events.
    'workloads.deploy': async (input) => {
      const { deploy, finished } = await deps.deployer.deploy(input);
      finished.catch(() => undefined);
      return deploy;
    },
    'workloads.instanceAction': async (input) => {
      await deps.instances.act(deps.workloads.get(input.id), input.containerName, input.action);
      deps.workloads.touched(input.id);
      return { ok: true as const };
    },
    'workloads.inspectImage': (input) => {
      deps.requireHost(input.hostId);
      return deps.inspectImage(input.hostId, input.image);
    },
    'workloads.history': (input) => {
      deps.workloads.get(input.id);
      return deps.engine.list({ workloadId: input.id, limit: input.limit });
    },
    'workloads.importYaml': (input) => {
      if (input.hostId !== undefined) deps.requireHost(input.hostId);
      return deps.configIo.importYaml(input.text, input.apply, input.hostId);
    },
    'workloads.exportYaml': async (input) => ({
      text: await deps.configIo.exportYaml(input?.includeSecrets ?? false),
    }),
    'workloads.check': (input) => deps.check(input?.id),
    'proxy.get': (input) => deps.proxies.get(input.hostId),
    'proxy.set': (input) => deps.proxies.set(input),
    'proxy.routes': async (input) => {
      deps.requireHost(input.hostId);
      const provider = await deps.proxyFor(input.hostId);
      return provider.listRoutes().catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        throw new AppError(
          'UNAVAILABLE',
          `The proxy cannot be asked: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    },
  };
}
