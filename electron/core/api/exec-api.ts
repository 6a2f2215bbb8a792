import type { ExecSessions } from '../docker/exec-sessions';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

type ExecHandlers = {
  [M in 'exec.start' | 'exec.input' | 'exec.resize' | 'exec.close']: Handler<M>;
};

/**
 * `exec.*`: shells in containers. A session belongs to the connection that opened it (the calls' connection
 * id): another connection's calls on it answer NOT_FOUND, and it closes when that connection goes away.
 */
export function execHandlers(sessions: ExecSessions, hosts: HostService): ExecHandlers {
  const known = (hostId: string) => hosts.record(hostId).id;
  return {
    'exec.start': (input, context) =>
      sessions.start({ ...input, hostId: known(input.hostId) }, context.connectionId ?? null),
    'exec.input': ({ sessionId, data }, context) => {
      sessions.input(sessionId, data, context.connectionId ?? null);
      return { sent: true as const };
    },
    'exec.resize': async ({ sessionId, cols, rows }, context) => {
      await sessions.resize(sessionId, cols, rows, context.connectionId ?? null);
      return { resized: true as const };
    },
    'exec.close': ({ sessionId }, context) => {
      sessions.close(sessionId, context.connectionId ?? null);
      return { closed: true as const };
    },
  };
}
