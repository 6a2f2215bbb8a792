import type { TidewatchClient } from '@shared/rpc/client';
import type { Container, ContainerLogsEndEvent, ContainerLogsEvent } from '@shared/schemas/containers';
import { errorMessage } from '../../../api/query-client';

export interface LogRequest {
  follow: boolean;
  tail: number | 'all';
  timestamps: boolean;
}

export interface LogSink {
  /** The stream is running (its id is known). */
  started(): void;
  lines(event: ContainerLogsEvent): void;
  ended(event: ContainerLogsEndEvent): void;
  failed(message: string): void;
}

/**
 * One container's log through `containers.logs.start` and its events, until the returned function is
 * called (which stops the stream in the core). Events that overtake the answer to `start` are kept until
 * the stream id is known.
 */
export function subscribeLog(
  client: TidewatchClient,
  container: Pick<Container, 'hostId' | 'id'>,
  request: LogRequest,
  sink: LogSink,
): () => void {
  let streamId: string | null = null;
  let disposed = false;
  const early: (ContainerLogsEvent | ContainerLogsEndEvent)[] = [];
  const route = (event: ContainerLogsEvent | ContainerLogsEndEvent) => {
    if (streamId === null) early.push(event);
    else if (event.streamId === streamId) {
      if ('lines' in event) sink.lines(event);
      else sink.ended(event);
    }
  };
  const offLines = client.on('containers.logs', route);
  const offEnd = client.on('containers.logs.end', route);

  client
    .call('containers.logs.start', { hostId: container.hostId, containerId: container.id, ...request })
    .then(
      (started) => {
        if (disposed) {
          void client.call('containers.logs.stop', { streamId: started.streamId }).catch(() => undefined);
          return;
        }
        streamId = started.streamId;
        sink.started();
        for (const event of early.splice(0)) route(event);
      },
      (error: unknown) => {
        if (!disposed) sink.failed(errorMessage(error));
      },
    );

  return () => {
    disposed = true;
    offLines();
    offEnd();
    if (streamId) void client.call('containers.logs.stop', { streamId }).catch(() => undefined);
  };
}
