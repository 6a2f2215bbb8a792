/**
 * Creating a Swarm service (quick deploy on a swarm host). The spec carries what the deployer relies on
 * later: start-first updates with rollback on failure and `dnsrr` endpoints, so the proxy reaches the tasks
 * by name on an overlay network without the routing mesh. Networks and secrets are referenced by name and
 * checked first, so a typo is a NOT_FOUND naming it rather than a half-made service.
 */
import type Docker from 'dockerode';
import { AppError } from '@shared/rpc/errors';
import type { SwarmService, SwarmServiceCreateInput } from '@shared/schemas/swarm';
import { statusOf } from '../deploy/deploy-run';
import { parseImageReference } from '../registry/image-reference';
import { engineAuth, type RegistryAccess } from '../registry/registry-client';
import type { SwarmClusterReader } from './swarm-cluster';
import { mapService, type EngineService, type EngineTask } from './swarm-mapper';
import { updatePolicy } from './update-policy';

export interface SwarmServicesDeps {
  cluster: SwarmClusterReader;
  registryAccess: (registry: string) => Promise<RegistryAccess>;
}

type CreateInput = Required<SwarmServiceCreateInput>;

/** Seconds Swarm watches a new task for failure before it moves on (the deployer's default too). */
const MONITOR_SECONDS = 15;

export class SwarmServices {
  constructor(private readonly deps: SwarmServicesDeps) {}

  async create(input: CreateInput): Promise<SwarmService> {
    const docker = await this.deps.cluster.requireManager(input.hostId);
    const ref = parseImageReference(input.image);
    await requireNetworks(docker, input.networks);
    const secrets = await secretReferences(docker, input.secrets);
    const spec = serviceSpec(input, secrets);
    const auth = await this.auth(ref.registry);
    const created = await docker
      .createService({ ...spec, ...(auth ? { authconfig: auth } : {}) })
      .catch((error: unknown) => {
        if (statusOf(error) === 409) {
          throw new AppError(
            'CONFLICT',
            `A service named ${input.name} exists in this swarm already`,
            'name',
          );
        }
        throw error;
      });
    const service = (await docker.getService(created.id).inspect()) as EngineService;
    const tasks = (await docker.listTasks({
      filters: JSON.stringify({ service: [created.id] }),
    })) as EngineTask[];
    return mapService(service, tasks);
  }

  private async auth(registry: string): Promise<Docker.AuthConfig | undefined> {
    return engineAuth(await this.deps.registryAccess(registry), registry);
  }
}

async function requireNetworks(docker: Docker, names: string[]): Promise<void> {
  for (const name of names) {
    const network = (await docker
      .getNetwork(name)
      .inspect()
      .catch((error: unknown) => {
        if (statusOf(error) === 404)
          throw new AppError('NOT_FOUND', `The swarm has no network ${name}`, 'networks');
        throw error;
      })) as { Driver?: string; Scope?: string };
    if (network.Scope !== 'swarm') {
      throw new AppError(
        'VALIDATION',
        `${name} is a ${network.Driver ?? 'local'} network, not a swarm overlay`,
        'networks',
      );
    }
  }
}

async function secretReferences(
  docker: Docker,
  names: string[],
): Promise<Array<{ id: string; name: string }>> {
  if (names.length === 0) return [];
  const known = (await docker.listSecrets()) as Array<{ ID: string; Spec?: { Name?: string } }>;
  return names.map((name) => {
    const secret = known.find((candidate) => candidate.Spec?.Name === name);
    if (!secret) throw new AppError('NOT_FOUND', `The swarm has no secret ${name}`, 'secrets');
    return { id: secret.ID, name };
  });
}

function serviceSpec(
  input: CreateInput,
  secrets: Array<{ id: string; name: string }>,
): Docker.CreateServiceOptions {
  return {
    Name: input.name,
    TaskTemplate: {
      ContainerSpec: {
        Image: input.image,
        Secrets: secrets.map((secret) => ({
          SecretID: secret.id,
          SecretName: secret.name,
          File: { Name: secret.name, UID: '0', GID: '0', Mode: 0o444 },
        })),
      },
      Placement: { Constraints: input.constraints },
      Networks: input.networks.map((network) => ({ Target: network })),
    },
    Mode: { Replicated: { Replicas: input.replicas } },
    ...updatePolicy({ parallelism: 1, delaySeconds: 0, monitorSeconds: MONITOR_SECONDS }),
    EndpointSpec: { Mode: 'dnsrr' },
  };
}
