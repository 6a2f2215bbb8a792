/**
 * The steps of a blue-green deploy (see blue-green.ts for the design), run by the deploy engine with its
 * journal, lock, pull and health gate: resolve → pull → stage (beside the live instance) → start →
 * health → switch (slot alias, proxy verified) → watch → retire; and the recovery of one a stopped core left.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { Engine } from '../docker/docker-engine';
import type { DeployStep } from '@shared/schemas/deploys';
import type { ProxyProvider } from '../proxy/proxy-provider';
import { formatReference, type ImageReference } from '../registry/image-reference';
import type { Platform } from '../registry/platform';
import {
  ensureNetwork,
  ignoreStatus,
  isBlueGreenRecord,
  rollBackBlueGreen,
  setAliases,
  slotsHeld,
  stageInstances,
  type BlueGreenPlan,
  type BlueGreenRecord,
} from './blue-green';
import type { DeployJournal, JournalEntry } from './deploy-journal';
import {
  ignoreNotFound,
  ignoreNotModified,
  platformOf,
  reasonOf,
  type DeployTiming,
  type Run,
} from './deploy-run';
import { passHealthGate, watchPeriod, type HealthGateOptions } from './health-gate';

/** What the steps borrow from the engine: its journal, step bookkeeping, pull and health gate. */
export interface DeployKit {
  journal: DeployJournal;
  timing: DeployTiming;
  engine: (hostId: string) => Promise<Engine>;
  resolveDigest: (ref: ImageReference, platform: Platform, signal: AbortSignal) => Promise<string>;
  proxyFor?: (hostId: string) => Promise<ProxyProvider>;
  step: (run: Run, next: DeployStep, detail: string) => void;
  pull: (run: Run, docker: Docker, ref: ImageReference, image: string, digest: string) => Promise<string>;
  gateOptions: (run: Run, info: Docker.ContainerInspectInfo) => HealthGateOptions;
}

export class BlueGreenSteps {
  constructor(private readonly kit: DeployKit) {}

  /**
   * Blue-green: the new instance starts beside the live one on the workload network, passes the gate on
   * its own address, then takes the stage's free slot (or its own route); the old one stops once traffic
   * is off it, stays stopped through the watch period, and is removed after it.
   */
  async run(run: Run, plan: BlueGreenPlan): Promise<void> {
    run.controller.signal.throwIfAborted();
    const { docker } = await this.kit.engine(run.hostId);
    run.docker = docker;
    const { ref } = run;
    const image = formatReference(ref);

    this.kit.step(run, 'resolve', `deploying ${image} to ${plan.stage}`);
    const digest =
      ref.digest ?? (await this.kit.resolveDigest(ref, await platformOf(docker), run.controller.signal));
    this.kit.journal.set(run.id, { digest });

    this.kit.step(run, 'pull', `resolved ${digest}`);
    const imageId = await this.kit.pull(run, docker, ref, image, digest);

    this.kit.step(run, 'stage', 'pulled and verified');
    const created = await ensureNetwork(docker, plan.network);
    if (created) this.kit.journal.note(run.id, `created the network ${plan.network}`);
    const joined = await plan.prepareProxy(docker);
    if (joined) this.kit.journal.note(run.id, joined);
    const previous = (await stageInstances(docker, plan.selector)).map((info) => ({
      id: info.Id,
      running: info.State === 'running',
    }));
    run.record = {
      kind: 'blue-green',
      strict: plan.slots !== null,
      network: plan.network,
      previous,
      slot: null,
      stopped: [],
      createdRoute: null,
    };
    this.kit.journal.set(run.id, { plan: run.record });
    run.touched = true;
    const name = plan.containerName(run.id);
    const options = await plan.create(name, run.id);
    const container = await docker.createContainer({
      ...options,
      name,
      Image: image,
      NetworkingConfig: {
        EndpointsConfig: {
          // Strict blue-green: no slot alias before the gate (the proxy must not see it yet).
          [plan.network]: { Aliases: plan.slots ? [] : [plan.instanceAlias] },
        },
      },
      HostConfig: { ...options.HostConfig, NetworkMode: plan.network },
    });
    run.newId = container.id;
    this.kit.journal.set(run.id, { newContainerId: container.id });
    if ((await container.inspect()).Image !== imageId)
      throw new Error('the image changed on the host between the pull and the create');

    this.kit.step(run, 'start', `created ${name}`);
    await container.start();

    this.kit.step(run, 'health', 'started');
    const gate = this.kit.gateOptions(run, await container.inspect());
    const passed = await passHealthGate(container, gate);
    this.kit.journal.set(run.id, { passedGate: true });

    this.kit.step(run, 'switch', passed);
    this.kit.journal.note(run.id, await this.switchTraffic(run, plan, docker, container.id));

    this.kit.step(run, 'watch', 'traffic is on the new instance');
    const watched = await watchPeriod(container, gate);

    this.kit.step(run, 'retire', watched);
    this.kit.journal.note(run.id, await this.retireInstances(run, plan, docker, container.id));
  }

  /** Moves traffic to the new instance; answers what happened, for the step log. */
  private async switchTraffic(run: Run, plan: BlueGreenPlan, docker: Docker, newId: string): Promise<string> {
    const record = run.record as BlueGreenRecord;
    const proxy = plan.route ? await plan.proxy() : null;
    if (proxy && plan.route) await proxy.upsertRoute(plan.route);
    if (!plan.slots) {
      // Several side by side: the new one has its own route; nothing else changes.
      record.createdRoute = plan.route?.hostname ?? null;
      this.kit.journal.set(run.id, { plan: record });
      if (plan.route) await this.awaitProxy(run, plan, plan.route.hostname, null);
      return plan.route ? `served at ${plan.route.hostname}` : 'no proxy route (direct ports)';
    }
    const live = record.previous.filter((item) => item.running);
    const held = new Set<string>();
    for (const item of live)
      for (const slot of await slotsHeld(docker, item.id, plan.network, plan.slots)) held.add(slot);
    const [preferred, other] = plan.slots;
    // The new instance always joins the preferred slot, beside the live one when that one holds it: the
    // proxy's name then resolves to both, and once the old one stops, to the new one alone, so the proxy
    // never dials a name that has stopped resolving (inside Docker that takes seconds to fail). The other
    // slot is taken too while it is free.
    const slot = preferred;
    const aliases = held.has(other) ? [preferred] : [preferred, other];
    record.slot = slot;
    this.kit.journal.set(run.id, { plan: record });
    await setAliases(docker, newId, plan.network, [...aliases, plan.instanceAlias]);
    const hostname = plan.route?.hostname ?? null;
    if (hostname) await this.awaitProxy(run, plan, hostname, slot);
    if (live.length > 0) {
      // In-flight requests on the old instance finish before it stops; new ones already reach the new one.
      await delay(this.kit.timing.drainMs, undefined, { signal: run.controller.signal });
      record.stopped = live.map((item) => item.id);
      this.kit.journal.set(run.id, { plan: record });
      for (const item of live) await docker.getContainer(item.id).stop({ t: 10 }).catch(ignoreStatus(304));
      if (hostname) await this.awaitProxy(run, plan, hostname, slot);
    }
    const verified = hostname && plan.viaProxy ? `; the proxy answers from ${slot}` : '';
    const beside = held.has(preferred) ? ' beside the live instance' : '';
    return `took slot ${slot}${beside}${live.length ? `, stopped ${live.length} previous instance(s)` : ''}${verified}`;
  }

  /** Polls the proxy until it answers for `hostname` (from `slot` when given); bounded by switchTimeoutMs. */
  private async awaitProxy(
    run: Run,
    plan: BlueGreenPlan,
    hostname: string,
    slot: string | null,
  ): Promise<void> {
    if (!plan.viaProxy) return;
    const path = plan.healthPath ?? '/';
    const deadline = Date.now() + this.kit.timing.switchTimeoutMs;
    let last = 'no answer yet';
    for (;;) {
      run.controller.signal.throwIfAborted();
      const answer = await plan.viaProxy(hostname, path).catch((error: unknown) => ({
        ok: false,
        detail: reasonOf(error),
        upstream: null,
      }));
      if (answer.ok && (slot === null || answer.upstream?.startsWith(`${slot}:`))) return;
      last = answer.ok ? `answered from ${answer.upstream ?? 'an unknown upstream'}` : answer.detail;
      if (Date.now() >= deadline)
        throw new Error(
          `the proxy did not send ${hostname} to the new instance within ${Math.round(this.kit.timing.switchTimeoutMs / 1000)} s (${last})`,
        );
      await delay(this.kit.timing.pollMs / 2, undefined, { signal: run.controller.signal });
    }
  }

  /** Strict: the stopped previous instances go. Several: the oldest beyond max instances go, with their routes. */
  private async retireInstances(
    run: Run,
    plan: BlueGreenPlan,
    docker: Docker,
    newId: string,
  ): Promise<string> {
    const record = run.record as BlueGreenRecord;
    const all = await stageInstances(docker, plan.selector);
    const others = all.filter((info) => info.Id !== newId);
    const surplus = plan.slots
      ? others.filter((info) => record.stopped.includes(info.Id) || info.State !== 'running')
      : others.slice(0, Math.max(0, others.length - (plan.maxInstances - 1)));
    const proxy = plan.slots ? null : await plan.proxy().catch(() => null);
    for (const info of surplus) {
      await docker.getContainer(info.Id).remove({ force: true, v: false }).catch(ignoreStatus(404));
      const route = plan.instanceRoute(info.Labels['tidewatch.tag'] ?? '');
      if (proxy && route) await proxy.deleteRoute(route.hostname);
    }
    return surplus.length
      ? `removed ${surplus.map((info) => info.Names[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12)).join(', ')}`
      : 'nothing to retire';
  }

  /**
   * A blue-green deploy the core left: before the gate nothing served from the new instance, so it goes
   * and what it stopped starts again; after the gate the new instance is kept and the stopped ones go.
   */
  async recover(entry: JournalEntry): Promise<void> {
    const { deploy, newContainerId, passedGate } = entry;
    const stopped = `the core stopped during the ${deploy.step} step`;
    const record = isBlueGreenRecord(entry.plan) ? entry.plan : null;
    if (!record) {
      this.kit.journal.finish(deploy.id, 'failed', `${stopped}; nothing on the host had changed`);
      return;
    }
    const { docker } = await this.kit.engine(deploy.hostId);
    const fresh = newContainerId
      ? await docker
          .getContainer(newContainerId)
          .inspect()
          .catch(() => null)
      : null;
    // Kept only once it serves: it holds its slot (strict) or its own route (several side by side).
    const served = record.strict ? record.slot !== null : record.createdRoute !== null;
    if (passedGate && fresh && served) {
      if (!fresh.State.Running) await docker.getContainer(fresh.Id).start().catch(ignoreNotModified);
      this.kit.journal.advance(
        deploy.id,
        'retire',
        `${stopped}; the new instance had passed its health gate`,
      );
      const replaced = record.strict ? record.previous.map((item) => item.id) : [];
      for (const id of replaced)
        await docker.getContainer(id).remove({ force: true, v: false }).catch(ignoreNotFound);
      this.kit.journal.finish(deploy.id, 'done', `completed after a restart (${stopped})`);
      return;
    }
    this.kit.journal.advance(deploy.id, 'rollback', stopped);
    const proxy = this.kit.proxyFor
      ? () => (this.kit.proxyFor as (id: string) => Promise<ProxyProvider>)(deploy.hostId)
      : null;
    this.kit.journal.note(deploy.id, await rollBackBlueGreen(docker, record, newContainerId, proxy));
    this.kit.journal.finish(deploy.id, 'rolled-back', `${stopped}; the previous instance serves again`);
  }
}
