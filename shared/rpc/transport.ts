import type { Envelope } from './envelope';

/** What a transport delivers for each event: the contract name, its payload and (WebSocket) its sequence number. */
export type EventListener = (event: string, payload: unknown, seq?: number) => void;

/**
 * The one interface every transport implements: Electron IPC (through the preload), WebSocket
 * (browser mode against the companion) and in-memory (unit tests).
 */
export interface Transport {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  /** Listens to every event; returns the function that stops listening. */
  listen(listener: EventListener): () => void;
  /** Tells the core that this side is ready: queued events are delivered from now on. */
  ready(): void;
}

/** The object the preload exposes on `window.tidewatch`, built from the contract. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, callback: (payload: unknown) => void): () => void;
  ready(): void;
}
