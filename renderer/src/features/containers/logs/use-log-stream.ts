import type { Container, ContainerLogsEndEvent, ContainerLogsEvent } from '@shared/schemas/containers';
import { useEffect, useState } from 'react';
import { useClient } from '../../../api/context';
import { errorMessage } from '../../../api/query-client';

export interface LogLine {
  id: number;
  text: string;
  stream: 'stdout' | 'stderr';
}

export interface LogOptions {
  follow: boolean;
  tail: number | 'all';
  timestamps: boolean;
}

export type LogStreamState = 'starting' | 'streaming' | 'ended' | 'error';

/** Enough for a long session; older lines are dropped so a chatty container cannot exhaust memory. */
export const MAX_LINES = 50_000;

/**
 * Streams a container's log through `containers.logs.start` and its events. The stream is stopped with
 * `containers.logs.stop` on unmount. Options are fixed for the hook's life: the viewer remounts it (by key)
 * when they change, so each stream starts from a clean state.
 */
export function useLogStream(container: Container, options: LogOptions) {
  const client = useClient();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<LogStreamState>('starting');
  const [message, setMessage] = useState<string | null>(null);
  const { hostId, id: containerId } = container;
  const { follow, tail, timestamps } = options;

  useEffect(() => {
    let streamId: string | null = null;
    let disposed = false;
    let nextId = 0;
    let frame = 0;
    const batch: LogLine[] = [];
    // Events may overtake the answer to `start`: keep them until we know our stream id.
    const early: (ContainerLogsEvent | ContainerLogsEndEvent)[] = [];

    const flush = () => {
      frame = 0;
      const added = batch.splice(0);
      setLines((current) => {
        const next = current.concat(added);
        return next.length > MAX_LINES ? next.slice(next.length - MAX_LINES) : next;
      });
    };
    const onLines = (event: ContainerLogsEvent) => {
      for (const text of event.lines) batch.push({ id: nextId++, text, stream: event.stream });
      // One React update per animation frame, however many events arrive in it.
      if (!frame) frame = requestAnimationFrame(flush);
    };
    const onEnd = (event: ContainerLogsEndEvent) => {
      setState(event.reason === 'error' ? 'error' : 'ended');
      setMessage(event.message);
    };
    const route = (event: ContainerLogsEvent | ContainerLogsEndEvent) => {
      if (streamId === null) early.push(event);
      else if (event.streamId === streamId) {
        if ('lines' in event) onLines(event);
        else onEnd(event);
      }
    };
    const offLines = client.on('containers.logs', route);
    const offEnd = client.on('containers.logs.end', route);

    client.call('containers.logs.start', { hostId, containerId, follow, tail, timestamps }).then(
      (started) => {
        if (disposed) {
          void client.call('containers.logs.stop', { streamId: started.streamId }).catch(() => undefined);
          return;
        }
        streamId = started.streamId;
        setState('streaming');
        for (const event of early.splice(0)) route(event);
      },
      (error: unknown) => {
        if (disposed) return;
        setState('error');
        setMessage(errorMessage(error));
      },
    );

    return () => {
      disposed = true;
      offLines();
      offEnd();
      if (frame) cancelAnimationFrame(frame);
      if (streamId) void client.call('containers.logs.stop', { streamId }).catch(() => undefined);
    };
  }, [client, hostId, containerId, follow, tail, timestamps]);

  return { lines, state, message };
}
