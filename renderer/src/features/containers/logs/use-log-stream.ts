import type { Container } from '@shared/schemas/containers';
import { useEffect, useState } from 'react';
import { useClient } from '../../../api/context';
import { frameBatch } from './frame-batch';
import { capLines, type LogLine, type LogStreamState } from './log-lines';
import { subscribeLog, type LogRequest } from './log-subscription';

export type { LogLine, LogStreamState } from './log-lines';
export type LogOptions = LogRequest;

/**
 * Streams a container's log (log-subscription.ts); the stream is stopped on unmount. Options are fixed
 * for the hook's life: the viewer remounts it (by key) when they change, so each stream starts clean.
 */
export function useLogStream(container: Container, options: LogOptions) {
  const client = useClient();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<LogStreamState>('starting');
  const [message, setMessage] = useState<string | null>(null);
  const { hostId, id: containerId } = container;
  const { follow, tail, timestamps } = options;

  useEffect(() => {
    let nextId = 0;
    const batch = frameBatch<LogLine>((added) => setLines((current) => capLines(current.concat(added))));
    const stop = subscribeLog(
      client,
      { hostId, id: containerId },
      { follow, tail, timestamps },
      {
        started: () => setState('streaming'),
        lines: (event) => {
          for (const text of event.lines) batch.push({ id: nextId++, text, stream: event.stream });
        },
        ended: (event) => {
          setState(event.reason === 'error' ? 'error' : 'ended');
          setMessage(event.message);
        },
        failed: (text) => {
          setState('error');
          setMessage(text);
        },
      },
    );
    return () => {
      batch.cancel();
      stop();
    };
  }, [client, hostId, containerId, follow, tail, timestamps]);

  return { lines, state, message };
}
