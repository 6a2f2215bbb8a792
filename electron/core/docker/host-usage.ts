/**
 * A host's resource overview (`docker.usage`): CPU and memory of every running container in one pass,
 * the way `docker stats --no-stream` gets them: one stats read per container, in which the engine gives
 * two samples about a second apart (CPU is their difference). A read mostly waits for the engine's
 * collector, which samples every subscribed container on the same tick, so many reads at once cost the
 * engine little; the limit is one SSH channel per read in flight.
 */
import type { ContainerUsage, HostUsage } from '@shared/schemas/host-usage';
import pLimit from 'p-limit';
import type { RawContainer } from './container-mapper';
import { toSample, type RawStats } from './container-stats';
import type { Engine } from './docker-engine';
import { dockerError } from './docker-errors';
import type { EngineOf } from './host-images';

/**
 * Reads in flight per host. Each mostly waits for the engine's next collector tick, so the pass takes
 * about two seconds per round: measured on the lab, 62 containers in 4.7 s at 32 (45 took 7 s at 16).
 * Over dial-stdio each read is an exec session on the host's connection (sshd's MaxSessions, and the agent
 * keeps at most 8 sockets): fewer there, so other calls still get one.
 */
const CONCURRENCY = { streamlocal: 32, 'dial-stdio': 4, 'unix-socket': 32 } as const;

export class HostUsageSampler {
  private readonly inflight = new Map<string, Promise<HostUsage>>();

  constructor(
    private readonly engine: EngineOf,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Callers asking while a pass runs for the host (two pages, a refresh click) share that pass. */
  usage(hostId: string): Promise<HostUsage> {
    const running = this.inflight.get(hostId);
    if (running) return running;
    const pass = this.measure(hostId).finally(() => this.inflight.delete(hostId));
    this.inflight.set(hostId, pass);
    return pass;
  }

  private async measure(hostId: string): Promise<HostUsage> {
    const engine = await this.engine(hostId);
    const running = (await engine.docker
      .listContainers({ filters: { status: ['running'] } })
      .catch((error: unknown) => {
        throw dockerError(error, 'Listing running containers');
      })) as RawContainer[];
    const limit = pLimit(CONCURRENCY[engine.transport]);
    let lastError: unknown = null;
    const measured = await Promise.all(
      running.map((raw) =>
        limit(() =>
          this.measureOne(engine, raw).catch((error: unknown) => {
            lastError = error;
            return null;
          }),
        ),
      ),
    );
    const containers = measured
      .filter((entry): entry is ContainerUsage & { cpus: number } => entry !== null)
      .sort((a, b) => b.cpuPercent - a.cpuPercent || a.name.localeCompare(b.name));
    // Nothing measured, and not because the containers went away: the engine is the problem; say so.
    if (running.length > 0 && containers.length === 0 && !isGone(lastError)) {
      throw dockerError(lastError, 'Reading container stats');
    }
    return {
      hostId,
      at: this.now().toISOString(),
      running: running.length,
      cpus: Math.max(0, ...containers.map((entry) => entry.cpus)),
      containers: containers.map(({ cpus: _cpus, ...entry }) => entry),
      failed: running.length - containers.length,
    };
  }

  /** A failure here (the container stopped meanwhile, the engine refused) is counted, not fatal. */
  private async measureOne(engine: Engine, raw: RawContainer): Promise<ContainerUsage & { cpus: number }> {
    const stats = (await engine.docker.getContainer(raw.Id).stats({ stream: false })) as RawStats;
    const sample = toSample(stats, this.now());
    return {
      id: raw.Id,
      name: (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, ''),
      cpuPercent: sample.cpuPercent,
      memoryBytes: sample.memoryBytes,
      memoryLimitBytes: sample.memoryLimitBytes,
      cpus: sample.onlineCpus,
    };
  }
}

/** 404 or 409: the container is gone or no longer running. */
function isGone(error: unknown): boolean {
  const status = (error as { statusCode?: number } | null)?.statusCode;
  return status === 404 || status === 409;
}
