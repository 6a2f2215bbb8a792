/**
 * Shells opened on a companion through `companions.call` all run on the one link connection the companion
 * sees, so the companion cannot tell the local windows apart. This keeps who opened each: only that local
 * connection may drive the session and receive its output, and its sessions are closed when it goes.
 */
import { AppError } from '@shared/rpc/errors';

const DRIVE_METHODS = new Set(['exec.input', 'exec.resize', 'exec.close']);
const SESSION_EVENTS = new Set(['exec.output', 'exec.end']);

export class RelayedExecOwners {
  /** `companionId:sessionId` → the local connection that opened it. */
  private readonly owners = new Map<string, string>();

  /** NOT_FOUND (as the companion answers for another connection's session) unless `connectionId` owns it. */
  checkCall(companionId: number, method: string, input: unknown, connectionId: string): void {
    if (!DRIVE_METHODS.has(method)) return;
    const owner = this.owners.get(key(companionId, sessionIdOf(input)));
    if (owner !== connectionId) throw new AppError('NOT_FOUND', 'No such exec session');
  }

  /** A relayed call answered: an opened session now belongs to the caller. */
  answered(companionId: number, method: string, data: unknown, connectionId: string): void {
    if (method === 'exec.start') this.owners.set(key(companionId, sessionIdOf(data)), connectionId);
  }

  /**
   * Who a relayed event is for: undefined for everyone, a connection id for one, null to drop it (a session
   * event with no local owner, e.g. of a shell another desktop opened on that companion).
   */
  audienceOf(companionId: number, event: string, payload: unknown): string | null | undefined {
    if (!SESSION_EVENTS.has(event)) return undefined;
    const sessionKey = key(companionId, sessionIdOf(payload));
    const owner = this.owners.get(sessionKey) ?? null;
    if (event === 'exec.end') this.owners.delete(sessionKey);
    return owner;
  }

  /** The sessions a closed local connection had opened (forgotten here; the caller closes them). */
  releaseOwner(connectionId: string): Array<{ companionId: number; sessionId: string }> {
    const released: Array<{ companionId: number; sessionId: string }> = [];
    for (const [sessionKey, owner] of this.owners) {
      if (owner !== connectionId) continue;
      this.owners.delete(sessionKey);
      const [companionId = '', sessionId = ''] = sessionKey.split(/:(.*)/s);
      released.push({ companionId: Number(companionId), sessionId });
    }
    return released;
  }

  /** A companion detached: its sessions are gone with its link. */
  forgetCompanion(companionId: number): void {
    for (const sessionKey of this.owners.keys()) {
      if (sessionKey.startsWith(`${companionId}:`)) this.owners.delete(sessionKey);
    }
  }
}

function key(companionId: number, sessionId: string): string {
  return `${companionId}:${sessionId}`;
}

function sessionIdOf(value: unknown): string {
  const id = (value as { sessionId?: unknown } | null)?.sessionId;
  return typeof id === 'string' ? id : '';
}
