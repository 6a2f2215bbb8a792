/**
 * Workload configuration and what runs of it: CRUD over the repository with secret env values kept in the
 * secret store, and instances read from the host by their labels.
 */
import type { Container } from '@shared/schemas/containers';
import {
  WORKLOAD_LABELS,
  type Workload,
  type WorkloadInputParsed,
  type WorkloadInstance,
  type WorkloadView,
} from '@shared/schemas/workloads';
import type { SecretStore } from '../secrets/secret-store';
import { secretKey } from '../secrets/secret-store';
import { stageHostname, type NamingSettings } from './workload-naming';
import type { WorkloadRepository } from './workload-repository';

export interface WorkloadServiceDeps {
  repository: WorkloadRepository;
  secrets: SecretStore;
  /** Throws NOT_FOUND for a host id the core does not know. */
  requireHost: (hostId: string) => void;
  /** The host's containers (throws with the reason when it cannot be asked). */
  containers: (hostId: string) => Promise<Container[]>;
  naming: () => NamingSettings;
  /** Whether the host's proxy serves https (instance URLs). */
  https: (hostId: string) => boolean;
  /** Containers the stage's route serves now (the slot holders), by id. */
  liveContainers?: (workload: Workload) => Promise<Set<string>>;
  changed: (id: number | null) => void;
}

export class WorkloadService {
  constructor(private readonly deps: WorkloadServiceDeps) {}

  get(id: number): Workload {
    return this.deps.repository.get(id);
  }

  list(hostId?: string): Workload[] {
    return this.deps.repository.list(hostId);
  }

  async view(id: number): Promise<WorkloadView> {
    return this.withInstances(this.deps.repository.get(id));
  }

  async views(hostId?: string): Promise<WorkloadView[]> {
    return Promise.all(this.deps.repository.list(hostId).map((workload) => this.withInstances(workload)));
  }

  async create(input: WorkloadInputParsed): Promise<Workload> {
    this.deps.requireHost(input.hostId);
    const created = this.deps.repository.create(input);
    await this.writeSecrets(created.id, input, []);
    this.deps.changed(created.id);
    return created;
  }

  async update(id: number, input: WorkloadInputParsed): Promise<Workload> {
    this.deps.requireHost(input.hostId);
    const before = this.deps.repository.get(id);
    const updated = this.deps.repository.update(id, input);
    await this.writeSecrets(
      id,
      input,
      before.env.filter((entry) => entry.secret).map((entry) => entry.key),
    );
    this.deps.changed(id);
    return updated;
  }

  /** A stage's deploy succeeded: remember the digest (a pin follows it) and clear a pending tag it served. */
  recordDeployed(stageId: number, digest: string | null, tag: string | null): void {
    this.deps.repository.setDeployedDigest(stageId, digest);
    this.deps.repository.clearPendingTag(stageId, tag);
  }

  /** A tag waits for a person (auto-deploy off or confirm): shown as "ready to deploy". */
  setPending(id: number, stageId: number, tag: string | null): void {
    this.deps.repository.setPendingTag(stageId, tag);
    this.deps.changed(id);
  }

  /** Something changed on the host (an instance action, a deploy ended): the UI refetches. */
  touched(id: number): void {
    this.deps.changed(id);
  }

  /** Forgets the configuration and its secrets (the caller tears down what runs first). */
  async forget(id: number): Promise<void> {
    const workload = this.deps.repository.get(id);
    for (const entry of workload.env.filter((item) => item.secret))
      await this.deps.secrets.delete(envSecretKey(id, entry.key));
    this.deps.repository.remove(id);
    this.deps.changed(id);
  }

  /** The env a container is created with, secrets read from the store (only the deployer asks). */
  async resolvedEnv(workload: Workload): Promise<string[]> {
    const values: string[] = [];
    for (const entry of workload.env) {
      const value = entry.secret
        ? await this.deps.secrets.get(envSecretKey(workload.id, entry.key))
        : entry.value;
      if (value !== null) values.push(`${entry.key}=${value}`);
    }
    return values;
  }

  /** The workload's containers on its host, newest first. */
  async instances(workload: Workload): Promise<Container[]> {
    const all = await this.deps.containers(workload.hostId);
    return all
      .filter((container) => container.labels[WORKLOAD_LABELS.workload] === workload.name)
      .sort((a, b) => b.created.localeCompare(a.created));
  }

  private async withInstances(workload: Workload): Promise<WorkloadView> {
    try {
      const containers = await this.instances(workload);
      const live = (await this.deps.liveContainers?.(workload)) ?? new Set<string>();
      return {
        ...workload,
        instances: containers.map((container) => this.toInstance(workload, container, live)),
        reachable: true,
        unreachableReason: null,
      };
    } catch (error) {
      return {
        ...workload,
        instances: [],
        reachable: false,
        unreachableReason: error instanceof Error ? error.message : String(error),
      };
    }
  }

  private toInstance(workload: Workload, container: Container, live: Set<string>): WorkloadInstance {
    const stageName = container.labels[WORKLOAD_LABELS.stage] ?? '';
    const tag = container.labels[WORKLOAD_LABELS.tag] ?? '';
    const stage = workload.stages.find((item) => item.name === stageName);
    const hostname = stage
      ? stageHostname(this.deps.naming(), workload.name, stage, stage.maxInstances > 1 ? tag : null)
      : null;
    const scheme = this.deps.https(workload.hostId) ? 'https' : 'http';
    return {
      containerId: container.id,
      containerName: container.name,
      stage: stageName,
      tag,
      state: container.state,
      status: container.status,
      health: container.health,
      url: hostname && hostname.includes('.') ? `${scheme}://${hostname}/` : null,
      createdAt: container.created,
      live: live.has(container.id),
    };
  }

  /** Secret values go to the secret store; a secret sent without a value keeps the stored one. */
  private async writeSecrets(id: number, input: WorkloadInputParsed, before: string[]): Promise<void> {
    const now = new Set<string>();
    for (const entry of input.env.filter((item) => item.secret)) {
      now.add(entry.key);
      if (entry.value !== null) await this.deps.secrets.set(envSecretKey(id, entry.key), entry.value);
    }
    for (const key of before) if (!now.has(key)) await this.deps.secrets.delete(envSecretKey(id, key));
  }
}

export function envSecretKey(workloadId: number, key: string): string {
  return secretKey('workload-env', `${workloadId}:${key}`);
}
