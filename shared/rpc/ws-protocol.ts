import { z } from 'zod';

/**
 * Frames of the WebSocket transport (browser mode and remote tools against the companion).
 * The first frame from a client must be `hello` with the token; nothing else is answered before it.
 */
export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().min(1).max(512) }),
  // JSON drops an undefined input (calls without input), so the key may be missing.
  z.object({
    type: z.literal('invoke'),
    id: z.int().nonnegative(),
    method: z.string().max(200),
    input: z.unknown().optional(),
  }),
  z.object({ type: z.literal('ready') }),
]);

export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  | { type: 'welcome' }
  | { type: 'result'; id: number; envelope: unknown }
  /** `seq` numbers the core's events; after a reconnect the client asks for those it missed (events.since). */
  | { type: 'event'; event: string; payload: unknown; seq: number }
  /** A frame the server could not read and could not tie to a call; the connection stays open. */
  | { type: 'error'; message: string };

/** Close codes the server uses; 4000-4999 are free for applications. */
export const WS_CLOSE = { badToken: 4401, badFrame: 4400, helloTimeout: 4408, tooManyFrames: 4429 } as const;
