/**
 * A workload's containers as the user acts on them: start, stop, restart and remove one instance, and the
 * teardown of the whole workload (every instance, its routes and, when asked, its named volumes).
 * Only containers carrying the workload's label can be touched through here.
 */
import { AppError } from '@shared/rpc/errors';
import { WORKLOAD_LABELS, type Workload } from '@shared/schemas/workloads';
import type Docker from 'dockerode';
import type { ProxyProvider } from '../proxy/proxy-provider';
import { stageHostname, type NamingSettings } from './workload-naming';

export interface WorkloadInstancesDeps {
  docker: (hostId: string) => Promise<Docker>;
  proxy: (hostId: string) => Promise<ProxyProvider>;
  naming: () => NamingSettings;
}

export type InstanceAction = 'start' | 'stop' | 'restart' | 'remove';

export class WorkloadInstances {
  constructor(private readonly deps: WorkloadInstancesDeps) {}

  async act(workload: Workload, containerName: string, action: InstanceAction): Promise<void> {
    const docker = await this.deps.docker(workload.hostId);
    const name = containerName.replace(/^\//, '');
    const info = await docker
      .getContainer(name)
      .inspect()
      .catch(() => null);
    if (!info || info.Config.Labels?.[WORKLOAD_LABELS.workload] !== workload.name)
      throw new AppError('NOT_FOUND', `${name} is not an instance of ${workload.name}`, 'containerName');
    const container = docker.getContainer(info.Id);
    if (action === 'start') await container.start().catch(ignore(304));
    else if (action === 'stop') await container.stop({ t: 10 }).catch(ignore(304));
    else if (action === 'restart') await container.restart({ t: 10 });
    else {
      await container.remove({ force: true, v: false });
      await this.removeInstanceRoute(workload, info);
    }
  }

  /** Removes everything the workload has on its host; running it twice finds nothing the second time. */
  async teardown(
    workload: Workload,
    removeVolumes: boolean,
  ): Promise<{ removedContainers: number; removedRoutes: number; removedVolumes: number }> {
    const docker = await this.deps.docker(workload.hostId);
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`${WORKLOAD_LABELS.workload}=${workload.name}`] },
    });
    for (const info of containers)
      await docker.getContainer(info.Id).remove({ force: true, v: false }).catch(ignore(404));
    let removedRoutes = 0;
    const proxy = await this.deps.proxy(workload.hostId);
    for (const hostname of this.hostnames(workload, containers))
      if (await proxy.deleteRoute(hostname)) removedRoutes += 1;
    let removedVolumes = 0;
    if (removeVolumes) {
      for (const volume of workload.volumes) {
        if (volume.kind !== 'volume') continue;
        const gone = await docker
          .getVolume(volume.name)
          .remove()
          .then(() => true)
          .catch(ignoreMissing);
        if (gone) removedVolumes += 1;
      }
    }
    return { removedContainers: containers.length, removedRoutes, removedVolumes };
  }

  /** Every route the workload can have: each stage's, and each instance's of multi-instance stages. */
  private hostnames(workload: Workload, containers: Docker.ContainerInfo[]): Set<string> {
    const naming = this.deps.naming();
    const names = new Set<string>();
    for (const stage of workload.stages) {
      names.add(stageHostname(naming, workload.name, stage, null));
      for (const info of containers) {
        if (info.Labels[WORKLOAD_LABELS.stage] !== stage.name) continue;
        const tag = info.Labels[WORKLOAD_LABELS.tag];
        if (tag && stage.maxInstances > 1) names.add(stageHostname(naming, workload.name, stage, tag));
      }
    }
    return names;
  }

  /** A removed instance of a multi-instance stage takes its own route with it. */
  private async removeInstanceRoute(workload: Workload, info: Docker.ContainerInspectInfo): Promise<void> {
    const labels = info.Config.Labels ?? {};
    const stage = workload.stages.find((item) => item.name === labels[WORKLOAD_LABELS.stage]);
    const tag = labels[WORKLOAD_LABELS.tag];
    if (!stage || !tag || stage.maxInstances === 1) return;
    const proxy = await this.deps.proxy(workload.hostId);
    await proxy.deleteRoute(stageHostname(this.deps.naming(), workload.name, stage, tag));
  }
}

function ignore(status: number) {
  return (error: unknown): void => {
    if ((error as { statusCode?: number }).statusCode !== status) throw error;
  };
}

function ignoreMissing(error: unknown): false {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 404) return false;
  if (status === 409)
    throw new AppError('CONFLICT', 'A volume of the workload is still in use by another container');
  throw error;
}
