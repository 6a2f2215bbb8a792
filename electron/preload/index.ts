/**
 * The preload: exposes `window.tidewatch` (see bridge.ts) and nothing else. Runs sandboxed with context
 * isolation, bundled as one CommonJS file (out/preload/index.cjs).
 */
// First: the contract's schemas must not probe eval under the page's CSP (see zod-csp.ts).
import '@shared/rpc/zod-csp';
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './bridge';

// Wrapping ipcRenderer keeps the page from ever holding it (or the IPC event objects, which carry `sender`).
contextBridge.exposeInMainWorld(
  'tidewatch',
  createPreloadBridge({
    invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    on: (channel, listener) =>
      ipcRenderer.on(channel, (_event, message: unknown) => listener(undefined, message)),
    send: (channel, ...args) => ipcRenderer.send(channel, ...args),
  }),
);
