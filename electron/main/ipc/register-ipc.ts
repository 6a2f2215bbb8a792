import { IPC_CHANNELS } from '@shared/contract';
import { fail, type Envelope } from '@shared/rpc/envelope';
import type { Dispatcher } from '../../core/api/dispatcher';
import type { Logger } from '../../core/logging/logger';
import { isTrustedSender, type FrameLike } from './sender-check';

/** The subset of Electron's IpcMainInvokeEvent / IpcMainEvent the registration needs. */
export interface IpcEventLike {
  senderFrame: FrameLike | null;
  sender: { id: number };
}

/** The subset of Electron's ipcMain the registration needs, so tests can pass a fake with no Electron. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown> | unknown,
  ): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): void;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): void;
}

export interface IpcOptions {
  dispatcher: Dispatcher;
  trustedOrigins: readonly string[];
  /** Called when a trusted renderer (identified by its webContents id) is ready for events. */
  onRendererReady(webContentsId: number): void;
  logger: Logger;
}

/**
 * Registers the whole contract on one invoke channel. Every call is checked twice: the sender frame
 * must be our renderer's main frame, and the input must match the contract (the dispatcher does that).
 */
export function registerIpc(ipcMain: IpcMainLike, options: IpcOptions): () => void {
  ipcMain.handle(IPC_CHANNELS.invoke, async (event, method, input): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event.senderFrame, options.trustedOrigins)) {
      options.logger.warn('refused IPC call from an untrusted frame', {
        url: event.senderFrame?.url ?? null,
      });
      return fail({ code: 'FORBIDDEN', message: 'Calls are accepted only from the Tidewatch window' });
    }
    // One renderer (webContents) is one connection; the shell reports when it goes away.
    return options.dispatcher.dispatch(method, input, {
      transport: 'ipc',
      connectionId: ipcConnectionId(event.sender.id),
    });
  });
  ipcMain.on(IPC_CHANNELS.ready, (event) => {
    if (isTrustedSender(event.senderFrame, options.trustedOrigins)) options.onRendererReady(event.sender.id);
  });
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.invoke);
    ipcMain.removeAllListeners(IPC_CHANNELS.ready);
  };
}

/** The connection id of one renderer's calls (see CallContext.connectionId). */
export function ipcConnectionId(webContentsId: number): string {
  return `ipc:${webContentsId}`;
}
