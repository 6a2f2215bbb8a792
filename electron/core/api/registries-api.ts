import type { MethodName } from '@shared/contract';
import type { RegistryService } from '../registry/registry-service';
import type { Handler } from './dispatcher';

type RegistriesMethod = Extract<MethodName, `registries.${string}`>;

export function registriesHandlers(registries: RegistryService): { [M in RegistriesMethod]: Handler<M> } {
  return {
    'registries.list': () => registries.list(),
    'registries.create': (input) => registries.create(input),
    'registries.update': (input) => registries.update(input),
    'registries.remove': async (input) => ({
      removed: true as const,
      ...(await registries.remove(input.id)),
    }),
    'registries.test': (input) => registries.test(input),
    'registries.importDockerConfig': (input) => registries.importDockerConfig(input),
  };
}
