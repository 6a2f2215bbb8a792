/**
 * Compose projects as a whole (`compose.action`): every container with the project's label, acted on in
 * the order compose itself would use. Compose is not needed on the host: the labels it wrote at `up` time
 * (project, service, depends_on, oneoff) say everything the order needs.
 */
import { AppError } from '@shared/rpc/errors';
import type { ComposeAction, ComposeActionResult, ComposeContainerResult } from '@shared/schemas/compose';
import { CONTAINER_STATES, type ContainerState } from '@shared/schemas/containers';
import pLimit from 'p-limit';
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL, type RawContainer } from './container-mapper';
import type { Engine } from './docker-engine';
import { dockerError, isNotModified } from './docker-errors';
import type { EngineOf } from './host-images';

const DEPENDS_ON_LABEL = 'com.docker.compose.depends_on';
const ONEOFF_LABEL = 'com.docker.compose.oneoff';
const NUMBER_LABEL = 'com.docker.compose.container-number';
/** Containers of one dependency level acted on at once: a few, so one host's engine is not flooded. */
const PER_LEVEL = 4;

/** One container of a project, as far as ordering goes. */
export interface ComposeMember {
  id: string;
  name: string;
  service: string | null;
  /** Services of the same project this one waits for. */
  dependsOn: string[];
  number: number;
}

/** `db:service_healthy:false,cache:service_started:true` → `['db', 'cache']` (compose ≥ 2.x writes it). */
export function parseDependsOn(label: string | undefined): string[] {
  if (!label) return [];
  return label
    .split(',')
    .map((part) => part.split(':')[0]?.trim() ?? '')
    .filter((service) => service !== '');
}

export function toMember(raw: RawContainer): ComposeMember {
  const labels = raw.Labels ?? {};
  return {
    id: raw.Id,
    name: (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, ''),
    service: labels[COMPOSE_SERVICE_LABEL] ?? null,
    dependsOn: parseDependsOn(labels[DEPENDS_ON_LABEL]),
    number: Number(labels[NUMBER_LABEL] ?? 0) || 0,
  };
}

/**
 * Start order in levels: a level's services depend only on earlier levels. Dependencies on services that
 * are not in the project are ignored (compose would have failed at `up`); a cycle, which compose refuses
 * too, does not hang: what is left goes last, together. Inside a level: by service, then replica number.
 */
export function dependencyLevels(members: readonly ComposeMember[]): ComposeMember[][] {
  const services = new Set(members.map((member) => member.service ?? ''));
  const needs = (member: ComposeMember) =>
    member.dependsOn.filter((service) => services.has(service) && service !== member.service);
  const placed = new Set<string>();
  const levels: ComposeMember[][] = [];
  let rest = [...members];
  while (rest.length > 0) {
    const ready = rest.filter((member) => needs(member).every((service) => placed.has(service)));
    const level = ready.length > 0 ? ready : rest;
    levels.push(level.sort(byServiceThenNumber));
    for (const member of level) placed.add(member.service ?? '');
    rest = rest.filter((member) => !level.includes(member));
  }
  return levels;
}

function byServiceThenNumber(a: ComposeMember, b: ComposeMember): number {
  return (
    (a.service ?? '').localeCompare(b.service ?? '') || a.number - b.number || a.name.localeCompare(b.name)
  );
}

export class ComposeProjects {
  constructor(private readonly engine: EngineOf) {}

  async act(
    hostId: string,
    project: string,
    action: ComposeAction,
    timeoutSeconds?: number,
  ): Promise<ComposeActionResult> {
    const engine = await this.engine(hostId);
    const members = await this.members(engine, project);
    if (members.length === 0) {
      throw new AppError('NOT_FOUND', `No container of compose project ${project} on this host`);
    }
    const levels = dependencyLevels(members);
    // Stopping goes the other way: dependents first, so nothing loses what it depends on while running.
    const order = action === 'stop' ? levels.reverse() : levels;
    const results: ComposeContainerResult[] = [];
    const failedServices = new Set<string>();
    const limit = pLimit(PER_LEVEL);
    for (const level of order) {
      const outcomes = await Promise.all(
        level.map((member) =>
          limit(() => {
            const blocker =
              action === 'stop' ? undefined : member.dependsOn.find((s) => failedServices.has(s));
            if (blocker !== undefined) return skipped(engine, member, action, blocker);
            return actOn(engine, member, action, timeoutSeconds);
          }),
        ),
      );
      for (const [index, outcome] of outcomes.entries()) {
        const service = level[index]?.service;
        if (outcome.outcome !== 'done' && service) failedServices.add(service);
        results.push(outcome);
      }
    }
    return { hostId, project, action, results };
  }

  /** The project's containers; one-off containers (`compose run`) are not part of its services. */
  private async members(engine: Engine, project: string): Promise<ComposeMember[]> {
    const raws = (await engine.docker
      .listContainers({ all: true, filters: { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] } })
      .catch((error: unknown) => {
        throw dockerError(error, `Listing the containers of ${project}`);
      })) as RawContainer[];
    return raws.filter((raw) => (raw.Labels?.[ONEOFF_LABEL] ?? '').toLowerCase() !== 'true').map(toMember);
  }
}

async function actOn(
  engine: Engine,
  member: ComposeMember,
  action: ComposeAction,
  timeoutSeconds: number | undefined,
): Promise<ComposeContainerResult> {
  const container = engine.docker.getContainer(member.id);
  const options = timeoutSeconds === undefined ? {} : { t: timeoutSeconds };
  try {
    if (action === 'start') await container.start();
    else if (action === 'stop') await container.stop(options);
    else await container.restart(options);
  } catch (error) {
    if (!isNotModified(error)) {
      const message = dockerError(error, `${verbs[action]} ${member.name}`).message;
      return result(member, 'failed', await stateOf(engine, member.id), message);
    }
  }
  return result(member, 'done', await stateOf(engine, member.id), null);
}

/** A dependent of a service that did not come up is left alone, as compose does. */
async function skipped(engine: Engine, member: ComposeMember, action: ComposeAction, blocker: string) {
  const message = `Not ${action === 'start' ? 'started' : 'restarted'}: ${blocker}, which it depends on, failed`;
  return result(member, 'skipped', await stateOf(engine, member.id), message);
}

const verbs: Record<ComposeAction, string> = { start: 'Starting', stop: 'Stopping', restart: 'Restarting' };

function result(
  member: ComposeMember,
  outcome: ComposeContainerResult['outcome'],
  state: ContainerState | null,
  message: string | null,
): ComposeContainerResult {
  return { containerId: member.id, name: member.name, service: member.service, outcome, state, message };
}

/** The state afterwards, or null when the container cannot be read (gone, engine away). */
async function stateOf(engine: Engine, id: string): Promise<ContainerState | null> {
  try {
    const status = (await engine.docker.getContainer(id).inspect()).State.Status;
    return (CONTAINER_STATES as readonly string[]).includes(status) ? (status as ContainerState) : null;
  } catch {
    return null;
  }
}
