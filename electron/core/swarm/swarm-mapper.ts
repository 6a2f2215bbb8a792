/**
 * Swarm objects as the engine API returns them (the fields the core reads) and their contract form. The
 * engine answers with loosely typed JSON (dockerode types these as `any`), so every field is optional here.
 */
import type { SwarmNode, SwarmService, SwarmTask, SwarmUpdateStatus } from '@shared/schemas/swarm';

export interface EngineSwarmInfo {
  NodeID?: string;
  NodeAddr?: string;
  /** `inactive`, `pending`, `active`, `error` or `locked`. */
  LocalNodeState?: string;
  /** True on a manager. */
  ControlAvailable?: boolean;
  Cluster?: { ID?: string };
  RemoteManagers?: Array<{ NodeID?: string; Addr?: string }> | null;
}

export interface EngineNode {
  ID: string;
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Spec?: { Role?: string; Availability?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Addr?: string };
}

export interface EngineServiceSpec {
  Name?: string;
  Mode?: { Replicated?: { Replicas?: number }; Global?: object };
  TaskTemplate?: { ContainerSpec?: { Image?: string }; ForceUpdate?: number };
  UpdateConfig?: { Order?: string; FailureAction?: string; [key: string]: unknown };
  EndpointSpec?: { Mode?: string };
  [key: string]: unknown;
}

export interface EngineService {
  ID: string;
  Version?: { Index?: number };
  Spec?: EngineServiceSpec;
  PreviousSpec?: EngineServiceSpec;
  UpdateStatus?: { State?: string; Message?: string; StartedAt?: string; CompletedAt?: string };
}

export interface EngineTask {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  DesiredState?: string;
  UpdatedAt?: string;
  Status?: { State?: string; Message?: string; Err?: string; Timestamp?: string };
  Spec?: { ContainerSpec?: { Image?: string } };
}

/** Replaced tasks kept per service in the view: enough to see what just failed, not the whole history. */
const REPLACED_TASKS_SHOWN = 6;

export function mapNode(node: EngineNode): SwarmNode {
  const manager = node.Spec?.Role === 'manager';
  return {
    id: node.ID,
    hostname: node.Description?.Hostname ?? node.ID.slice(0, 12),
    role: manager ? 'manager' : 'worker',
    leader: node.ManagerStatus?.Leader === true,
    state: node.Status?.State ?? 'unknown',
    availability: node.Spec?.Availability ?? 'unknown',
    engineVersion: node.Description?.Engine?.EngineVersion ?? null,
    address: nodeAddress(node),
  };
}

/** A manager reports 0.0.0.0 as its node address; its manager address (ip:2377) names the real one. */
function nodeAddress(node: EngineNode): string | null {
  const address = node.Status?.Addr;
  if (address && address !== '0.0.0.0') return address;
  const managerAddress = node.ManagerStatus?.Addr;
  return managerAddress ? managerAddress.replace(/:\d+$/, '') : null;
}

/** `registry/repo:tag@sha256:…` → the reference and its digest, as the spec stores a pinned image. */
export function splitPinnedImage(image: string): { image: string; digest: string | null } {
  const at = image.indexOf('@');
  return at === -1 ? { image, digest: null } : { image: image.slice(0, at), digest: image.slice(at + 1) };
}

export function mapUpdateStatus(status: EngineService['UpdateStatus']): SwarmUpdateStatus | null {
  if (!status?.State) return null;
  return {
    state: status.State,
    message: status.Message ?? null,
    startedAt: status.StartedAt ?? null,
    completedAt: status.CompletedAt ?? null,
  };
}

export function mapTask(task: EngineTask): SwarmTask {
  return {
    id: task.ID,
    slot: task.Slot ?? null,
    nodeId: task.NodeID ?? null,
    state: task.Status?.State ?? 'unknown',
    desiredState: task.DesiredState ?? 'unknown',
    message: task.Status?.Message ?? null,
    error: task.Status?.Err ?? null,
    image: task.Spec?.ContainerSpec?.Image ?? '',
    updatedAt: task.Status?.Timestamp ?? task.UpdatedAt ?? null,
  };
}

export function mapService(service: EngineService, tasks: readonly EngineTask[]): SwarmService {
  const spec = service.Spec ?? {};
  const { image, digest } = splitPinnedImage(spec.TaskTemplate?.ContainerSpec?.Image ?? '');
  const own = tasks.filter((task) => task.ServiceID === service.ID);
  const current = own.filter((task) => task.DesiredState === 'running');
  return {
    id: service.ID,
    name: spec.Name ?? service.ID.slice(0, 12),
    image,
    digest,
    mode: spec.Mode?.Replicated ? 'replicated' : spec.Mode?.Global ? 'global' : 'other',
    replicas: spec.Mode?.Replicated?.Replicas ?? null,
    running: current.filter((task) => task.Status?.State === 'running').length,
    endpointMode: spec.EndpointSpec?.Mode ?? null,
    updateOrder: spec.UpdateConfig?.Order ?? null,
    failureAction: spec.UpdateConfig?.FailureAction ?? null,
    update: mapUpdateStatus(service.UpdateStatus),
    hasPrevious: service.PreviousSpec !== undefined,
    tasks: [...sortTasks(current), ...recentReplaced(own)].map(mapTask),
  };
}

function sortTasks(tasks: readonly EngineTask[]): EngineTask[] {
  return [...tasks].sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0) || a.ID.localeCompare(b.ID));
}

function recentReplaced(tasks: readonly EngineTask[]): EngineTask[] {
  return tasks
    .filter((task) => task.DesiredState !== 'running')
    .sort((a, b) => timeOf(b).localeCompare(timeOf(a)))
    .slice(0, REPLACED_TASKS_SHOWN);
}

function timeOf(task: EngineTask): string {
  return task.Status?.Timestamp ?? task.UpdatedAt ?? '';
}
