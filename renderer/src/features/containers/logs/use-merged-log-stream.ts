import type { Container } from '@shared/schemas/containers';
import { useEffect, useState } from 'react';
import { useClient } from '../../../api/context';
import { frameBatch } from './frame-batch';
import { subscribeLog } from './log-subscription';
import { mergeByTime, mergedLine } from './merge-lines';
import type { LogLine, LogOptions, LogStreamState } from './use-log-stream';

/**
 * The logs of several containers (a compose project) as one, in time order, each line knowing its
 * container. One stream per container, all asked with Docker's timestamps so they can be merged. Options
 * are fixed for the hook's life, as in useLogStream.
 */
export function useMergedLogStream(containers: readonly Container[], options: LogOptions) {
  const client = useClient();
  const [lines, setLines] = useState<LogLine[]>([]);
  const [states, setStates] = useState<LogStreamState[]>(() => containers.map(() => 'starting'));
  const [problems, setProblems] = useState<string[]>([]);
  const { follow, tail, timestamps } = options;
  const key = containers.map((container) => `${container.hostId}/${container.id}`).join(',');

  useEffect(() => {
    let nextId = 0;
    const batch = frameBatch<LogLine>((added) => setLines((current) => mergeByTime(current, added)));
    const setState = (index: number, state: LogStreamState) =>
      setStates((current) => current.map((each, at) => (at === index ? state : each)));
    const problem = (index: number, message: string | null) => {
      if (message) setProblems((current) => [...current, `${containers[index]?.name ?? '?'}: ${message}`]);
    };
    const stops = containers.map((container, index) =>
      subscribeLog(
        client,
        container,
        { follow, tail, timestamps: true },
        {
          started: () => setState(index, 'streaming'),
          lines: (event) => {
            for (const text of event.lines)
              batch.push(mergedLine(nextId++, text, event.stream, index, timestamps));
          },
          ended: (event) => {
            setState(index, event.reason === 'error' ? 'error' : 'ended');
            if (event.reason === 'error') problem(index, event.message);
          },
          failed: (message) => {
            setState(index, 'error');
            problem(index, message);
          },
        },
      ),
    );
    return () => {
      batch.cancel();
      for (const stop of stops) stop();
    };
    // `key` stands for the containers: a new array with the same containers keeps the streams.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, follow, tail, timestamps]);

  return { lines, state: overallState(states), message: problems.length > 0 ? problems.join('; ') : null };
}

/** Live while any stream is; an error only when every stream failed; ended when all are done. */
function overallState(states: readonly LogStreamState[]): LogStreamState {
  if (states.some((state) => state === 'starting')) return 'starting';
  if (states.some((state) => state === 'streaming')) return 'streaming';
  if (states.length > 0 && states.every((state) => state === 'error')) return 'error';
  return 'ended';
}
