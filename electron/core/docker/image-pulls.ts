/**
 * Image pulls started from the UI: each pull has an id, reports every layer's progress as
 * `images.pullProgress` events and can be cancelled. Registry credentials come from the same place as the
 * deploy engine's (the registries the user saved) and go to Docker only, as X-Registry-Auth: never logged,
 * never in an event.
 */
import { randomUUID } from 'node:crypto';
import type { PullLayer, PullProgressEvent } from '@shared/schemas/resources';
import type { Logger } from '../logging/logger';
import { parseImageReference } from '../registry/image-reference';
import { engineAuth, type RegistryAccess } from '../registry/registry-client';
import { dockerError } from './docker-errors';
import type { EngineOf } from './host-images';

export interface ImagePullsDeps {
  engine: EngineOf;
  registryAccess: (registry: string) => Promise<RegistryAccess>;
  emit: (event: PullProgressEvent) => void;
  logger: Logger;
  /** Least time between two progress events of one pull; the last one is always sent. */
  throttleMs?: number;
}

interface ProgressMessage {
  id?: string;
  status?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

type PullStream = NodeJS.ReadableStream & { destroy?: () => void };

export class ImagePulls {
  private readonly running = new Map<string, () => void>();

  constructor(private readonly deps: ImagePullsDeps) {}

  /**
   * Answers once Docker accepted the pull (an unknown image or refused login is the call's error), then
   * follows it in the background.
   */
  async start(hostId: string, reference: string): Promise<{ pullId: string }> {
    const ref = parseImageReference(reference);
    const { docker } = await this.deps.engine(hostId);
    const authconfig = engineAuth(await this.deps.registryAccess(ref.registry), ref.registry);
    const stream = (await docker.pull(reference, authconfig ? { authconfig } : {}).catch((error: unknown) => {
      throw dockerError(error, `Pulling ${reference}`);
    })) as PullStream;
    const pullId = randomUUID();
    this.follow({ hostId, pullId, reference }, stream, (s, done, progress) =>
      docker.modem.followProgress(s, done, progress),
    );
    return { pullId };
  }

  /** False when no such pull runs (it finished, or was never started): cancelling twice is not an error. */
  cancel(pullId: string): boolean {
    const stop = this.running.get(pullId);
    if (!stop) return false;
    stop();
    return true;
  }

  cancelAll(): void {
    for (const stop of [...this.running.values()]) stop();
  }

  private follow(
    pull: { hostId: string; pullId: string; reference: string },
    stream: PullStream,
    followProgress: (
      stream: PullStream,
      done: (error: Error | null) => void,
      progress: (message: ProgressMessage) => void,
    ) => void,
  ): void {
    const layers = new Map<string, PullLayer>();
    let lastSent = 0;
    let finished = false;
    const send = (done: boolean, error: string | null) =>
      this.deps.emit({ ...pull, layers: [...layers.values()], done, error });
    const finish = (error: string | null) => {
      if (finished) return;
      finished = true;
      this.running.delete(pull.pullId);
      send(true, error);
      if (error)
        this.deps.logger.info('image pull ended', { hostId: pull.hostId, reference: pull.reference, error });
    };
    this.running.set(pull.pullId, () => {
      stream.destroy?.();
      finish('Cancelled');
    });
    let streamError: string | null = null;
    followProgress(
      stream,
      (error) => finish(error ? error.message : streamError),
      (message) => {
        // Docker reports a failed pull (manifest gone, disk full) as a message in the stream, not a status.
        if (message.error) streamError = message.error;
        // `Pulling from <repo>` carries the tag as its id: it is about the image, not a layer.
        if (!message.id || !message.status || message.status.startsWith('Pulling from')) return;
        layers.set(message.id, toLayer(message));
        const now = Date.now();
        if (now - lastSent < (this.deps.throttleMs ?? 200)) return;
        lastSent = now;
        send(false, null);
      },
    );
  }
}

function toLayer(message: ProgressMessage): PullLayer {
  return {
    id: message.id ?? '',
    status: message.status ?? '',
    current: Math.max(0, message.progressDetail?.current ?? 0),
    total: Math.max(0, message.progressDetail?.total ?? 0),
  };
}
