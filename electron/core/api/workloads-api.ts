import { AppError } from '@shared/rpc/errors';
import type { ProxySettingsRepository } from '../proxy/proxy-settings-repository';
import type { SecretStore } from '../secrets/secret-store';
import { secretKey } from '../secrets/secret-store';
import type { WorkloadService } from '../workloads/workload-service';
import type { Handler } from './dispatcher';

export interface WorkloadsApiDeps {
  workloads: WorkloadService;
  proxies: ProxySettingsRepository;
  secrets: SecretStore;
  requireHost: (hostId: string) => void;
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
  | 'proxy.get'
  | 'proxy.set'
  | 'proxy.routes';

export function npmPasswordKey(hostId: string): string {
  return secretKey('npm-password', hostId);
}

// Calls whose service lands in a later commit of this issue answer UNAVAILABLE until then.
const notYet = (): never => {
  throw new AppError('UNAVAILABLE', 'Not available in this build yet');
};

export function workloadsHandlers(deps: WorkloadsApiDeps): { [N in Names]: Handler<N> } {
  const proxySettings = async (hostId: string) => {
    deps.requireHost(hostId);
    const passwordSet = (await deps.secrets.get(npmPasswordKey(hostId))) !== null;
    return deps.proxies.get(hostId, passwordSet);
  };
  return {
    'workloads.list': (input) => deps.workloads.views(input?.hostId),
    'workloads.get': (input) => deps.workloads.view(input.id),
    'workloads.create': (input) => deps.workloads.create(input),
    'workloads.update': ({ id, ...input }) => deps.workloads.update(id, input),
    'workloads.remove': notYet,
    'workloads.tags': notYet,
    'workloads.deploy': notYet,
    'workloads.instanceAction': notYet,
    'workloads.inspectImage': notYet,
    'workloads.history': notYet,
    'workloads.importYaml': notYet,
    'workloads.exportYaml': notYet,
    'proxy.get': (input) => proxySettings(input.hostId),
    'proxy.set': async (input) => {
      deps.requireHost(input.hostId);
      const key = npmPasswordKey(input.hostId);
      if (input.npmPassword === null) await deps.secrets.delete(key);
      else if (input.npmPassword !== undefined) await deps.secrets.set(key, input.npmPassword);
      const passwordSet = (await deps.secrets.get(key)) !== null;
      return deps.proxies.set(input, passwordSet);
    },
    'proxy.routes': notYet,
  };
}
