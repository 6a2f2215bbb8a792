/**
 * Shells and log streams opened on a companion through `companions.call` all run on the one link
 * connection the companion sees, so the companion cannot tell the local windows apart. This keeps who
 * opened each: only that local connection may drive or stop it and receive its events, and what it opened
 * is closed when it goes.
 */
import { AppError } from '@shared/rpc/errors';

interface StreamKind {
  /** The call that opens one, and the field of its answer that names it. */
  open: string;
  idField: 'sessionId' | 'streamId';
  /** Calls on an open one (their input names it). */
  drive: readonly string[];
  /** Its events (their payload names it); the last is its end. */
  events: readonly string[];
  end: string;
  /** The call that closes one whose local connection went away. */
  close: string;
}

const KINDS: readonly StreamKind[] = [
  {
    open: 'exec.start',
    idField: 'sessionId',
    drive: ['exec.input', 'exec.resize', 'exec.close'],
    events: ['exec.output', 'exec.end'],
    end: 'exec.end',
    close: 'exec.close',
  },
  {
    open: 'containers.logs.start',
    idField: 'streamId',
    drive: ['containers.logs.stop'],
    events: ['containers.logs', 'containers.logs.end'],
    end: 'containers.logs.end',
    close: 'containers.logs.stop',
  },
];

export interface ReleasedStream {
  companionId: number;
  /** The call that closes it on the companion, and its input. */
  method: string;
  input: Record<string, string>;
}

export class RelayedStreamOwners {
  /** `companionId:kind:id` → the local connection that opened it. */
  private readonly owners = new Map<string, string>();

  /** NOT_FOUND (as the companion answers for another connection's) unless `connectionId` opened it. */
  checkCall(companionId: number, method: string, input: unknown, connectionId: string): void {
    const kind = KINDS.find((each) => each.drive.includes(method));
    if (!kind) return;
    if (this.owners.get(key(companionId, kind, idOf(input, kind))) !== connectionId) {
      throw new AppError(
        'NOT_FOUND',
        kind.idField === 'sessionId' ? 'No such exec session' : 'No such log stream',
      );
    }
  }

  /** A relayed call answered: what it opened now belongs to the caller. */
  answered(companionId: number, method: string, data: unknown, connectionId: string): void {
    const kind = KINDS.find((each) => each.open === method);
    if (kind) this.owners.set(key(companionId, kind, idOf(data, kind)), connectionId);
  }

  /**
   * Who a relayed event is for: undefined for everyone, a connection id for one, null to drop it (an event
   * of a stream no local connection opened, e.g. one another desktop opened on that companion).
   */
  audienceOf(companionId: number, event: string, payload: unknown): string | null | undefined {
    const kind = KINDS.find((each) => each.events.includes(event));
    if (!kind) return undefined;
    const streamKey = key(companionId, kind, idOf(payload, kind));
    const owner = this.owners.get(streamKey) ?? null;
    if (event === kind.end) this.owners.delete(streamKey);
    return owner;
  }

  /** What a closed local connection had opened (forgotten here; the caller closes each). */
  releaseOwner(connectionId: string): ReleasedStream[] {
    const released: ReleasedStream[] = [];
    for (const [streamKey, owner] of this.owners) {
      if (owner !== connectionId) continue;
      this.owners.delete(streamKey);
      const [companionId = '', kindIndex = '', id = ''] = streamKey.split(/:(\d+):(.*)/s);
      const kind = KINDS[Number(kindIndex)];
      if (kind)
        released.push({
          companionId: Number(companionId),
          method: kind.close,
          input: { [kind.idField]: id },
        });
    }
    return released;
  }

  /** A companion detached: what was opened on it is gone with its link. */
  forgetCompanion(companionId: number): void {
    for (const streamKey of this.owners.keys()) {
      if (streamKey.startsWith(`${companionId}:`)) this.owners.delete(streamKey);
    }
  }
}

function key(companionId: number, kind: StreamKind, id: string): string {
  return `${companionId}:${KINDS.indexOf(kind)}:${id}`;
}

function idOf(value: unknown, kind: StreamKind): string {
  const id = (value as Record<string, unknown> | null)?.[kind.idField];
  return typeof id === 'string' ? id : '';
}
