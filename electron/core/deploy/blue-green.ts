/**
 * Blue-green deploys of a workload stage: the new container starts beside the live one, proves itself
 * through the engine's health gate, and only then takes traffic. The switch moves no proxy config: the
 * stage's route names upstream *slots* (Docker network aliases), written once; after its gate the new
 * container joins the preferred slot beside the live one (the name resolves to both), and after a drain
 * the old one stops, leaving the name to the new one alone. The proxy never dials a name that stopped
 * resolving (inside Docker such a lookup takes seconds to fail).
 * Measured here: an admin-API change per switch resets keep-alive connections (1–14 failed requests),
 * moving a slot alias loses none.
 *
 * Everything this file changes on the host is recorded in the deploy's `plan` before it is changed, so a
 * rollback and crash recovery work from the journal alone.
 */
import type Docker from 'dockerode';
import type { ProxyProvider, RouteSpec } from '../proxy/proxy-provider';
import type { ProbeResult } from './http-probe';

export interface BlueGreenPlan {
  hostId: string;
  workloadId: number;
  stage: string;
  /** Journal name and lock: one deploy per stage at a time. */
  lockName: string;
  /** `registry/repo:tag` */
  image: string;
  tag: string;
  network: string;
  port: number;
  healthPath: string | null;
  /** Labels every instance of this stage carries (workload + stage): how the previous ones are found. */
  selector: Record<string, string>;
  containerName: (deployId: number) => string;
  /** Create options for the new container (labels, env, mounts, limits); networking is added here. */
  create: (name: string, deployId: number) => Promise<Docker.ContainerCreateOptions>;
  /** Strict blue-green (one instance): the stage's two slot aliases, preferred first. */
  slots: [string, string] | null;
  /** This instance's own alias (its route when the stage keeps several side by side). */
  instanceAlias: string;
  /** The route this deploy serves through: the stage's (slots) or the instance's; null without a proxy. */
  route: RouteSpec | null;
  /** The route of an older instance of a multi-instance stage, by its tag (removed with it). */
  instanceRoute: (tag: string) => RouteSpec | null;
  maxInstances: number;
  proxy: () => Promise<ProxyProvider>;
  /** Makes sure the proxy can reach the workload network (joins the proxy's container to it). */
  prepareProxy: (docker: Docker) => Promise<string | null>;
  /** One request through the proxy for `hostname`: which upstream answered. Null: the provider cannot tell. */
  viaProxy: ((hostname: string, path: string) => Promise<ProbeResult>) | null;
}

/** What a blue-green deploy touched, journaled before each change. */
export interface BlueGreenRecord {
  kind: 'blue-green';
  /** One instance per stage (slots), as opposed to several side by side (own routes). */
  strict: boolean;
  network: string;
  /** The stage's instances before this deploy, oldest first. */
  previous: Array<{ id: string; running: boolean }>;
  /** The slot alias the new container took (strict blue-green). */
  slot: string | null;
  /** Previous instances this deploy stopped (started again by a rollback). */
  stopped: string[];
  /** The instance route this deploy created (multi-instance), removed by a rollback. */
  createdRoute: string | null;
}

export function isBlueGreenRecord(value: unknown): value is BlueGreenRecord {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'blue-green';
}

/** The stage's containers, oldest first (Created is seconds: the name's deploy id breaks ties). */
export async function stageInstances(
  docker: Docker,
  selector: Record<string, string>,
): Promise<Docker.ContainerInfo[]> {
  const label = Object.entries(selector).map(([key, value]) => `${key}=${value}`);
  const list = await docker.listContainers({ all: true, filters: { label } });
  return list.sort((a, b) => a.Created - b.Created || deployIdOf(a) - deployIdOf(b));
}

function deployIdOf(info: Docker.ContainerInfo): number {
  return Number(info.Labels['tidewatch.deploy'] ?? 0);
}

/** The slot aliases a container holds on the network. */
export async function slotsHeld(
  docker: Docker,
  id: string,
  network: string,
  slots: readonly string[],
): Promise<string[]> {
  const info = await docker
    .getContainer(id)
    .inspect()
    .catch(() => null);
  const aliases = info?.NetworkSettings.Networks[network]?.Aliases ?? [];
  return slots.filter((slot) => aliases.includes(slot));
}

/** Creates the workload network when missing (a user-defined bridge: Docker's DNS resolves aliases on it). */
export async function ensureNetwork(docker: Docker, name: string): Promise<boolean> {
  const existing = await docker
    .getNetwork(name)
    .inspect()
    .catch(() => null);
  if (existing) return false;
  await docker.createNetwork({ Name: name, Driver: 'bridge', Labels: { 'tidewatch.network': 'workloads' } });
  return true;
}

/** Gives a container new aliases on a network (Docker sets aliases only when a container joins). */
export async function setAliases(
  docker: Docker,
  id: string,
  network: string,
  aliases: string[],
): Promise<void> {
  const net = docker.getNetwork(network);
  await net.disconnect({ Container: id, Force: true }).catch(ignoreStatus(404));
  await net.connect({ Container: id, EndpointConfig: { Aliases: aliases } });
}

export function ignoreStatus(status: number) {
  return (error: unknown): void => {
    if ((error as { statusCode?: number }).statusCode !== status) throw error;
  };
}

/**
 * Undoes a blue-green deploy: the new container goes (its slot alias with it), the instances it stopped
 * start again (they kept their aliases), a route it created goes. Verifies the old ones run.
 */
export async function rollBackBlueGreen(
  docker: Docker,
  record: BlueGreenRecord,
  newId: string | null,
  proxy: (() => Promise<ProxyProvider>) | null,
): Promise<string> {
  if (newId) await docker.getContainer(newId).remove({ force: true }).catch(ignoreStatus(404));
  const restarted: string[] = [];
  for (const id of record.stopped) {
    const container = docker.getContainer(id);
    const info = await container.inspect().catch(() => null);
    if (!info) continue; // removed by someone else meanwhile: nothing to start
    if (!info.State.Running) await container.start().catch(ignoreStatus(304));
    const state = (await container.inspect()).State;
    if (!state.Running) throw new Error(`the previous instance did not start again (${state.Status})`);
    restarted.push(info.Name.replace(/^\//, ''));
  }
  if (record.createdRoute && proxy) await (await proxy()).deleteRoute(record.createdRoute);
  return restarted.length > 0
    ? `the new container is removed; ${restarted.join(', ')} serves again`
    : 'the new container is removed; nothing else had changed';
}
