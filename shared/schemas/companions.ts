import { z } from 'zod';
import { event, method, noInput, removedResult } from '../rpc/define';
import { ERROR_CODES } from '../rpc/errors';
import { hostIdSchema, rowIdSchema } from './ids';
import { updateEntrySchema } from './updates';

/**
 * Companions this core is attached to: a headless Tidewatch on one of the hosts, reached through that
 * host's SSH connection (a direct-tcpip channel to its loopback-only WebSocket API; nothing exposed), with
 * its access token in the secret store. The companion's events are relayed here, marked with their origin.
 */

export const COMPANION_LINK_STATES = ['connecting', 'open', 'closed', 'unauthorized'] as const;

/** The token as the companion writes it (base64url); anything else read from a file is not shown or kept. */
export const COMPANION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,200}$/;

export const companionSchema = z.object({
  id: rowIdSchema,
  name: z.string(),
  hostId: hostIdSchema,
  /** The companion's API port on that host's loopback. */
  port: z.int(),
  state: z.enum(COMPANION_LINK_STATES),
  /** Why it is not open (the SSH state's reason, a refused token), safe to show. */
  reason: z.string().nullable(),
  /** The last event sequence number received: after a reconnect, what came after it is caught up. */
  lastSeq: z.int().nonnegative(),
  createdAt: z.string(),
});
export type Companion = z.infer<typeof companionSchema>;
export type CompanionUpdate = z.infer<typeof companionUpdateSchema>;

/**
 * A page path the shell asks the UI to open (`app.navigate`) may carry `?core=<companion id>`: the page is
 * about that companion's core (a tray line or notification of its updates). Without it, the app's own core.
 */
export const CORE_QUERY_PARAM = 'core';

/** Default token file of a companion run by the SSH user with default options (relative to its home). */
export const DEFAULT_COMPANION_TOKEN_FILE = '.local/share/tidewatch-companion/companion-token';

export const companionAddSchema = z
  .object({
    hostId: hostIdSchema,
    port: z.int().min(1).max(65_535).default(7483),
    name: z.string().trim().min(1).max(100).optional(),
    /** Pasted from the companion's output; or null with `tokenFile` to read it over SSH. */
    token: z
      .string()
      .trim()
      .regex(COMPANION_TOKEN_PATTERN, 'Expected the companion token')
      .nullable()
      .default(null),
    /**
     * The token file on the host, read over SSH once the user confirmed (relative paths are from the SSH
     * user's home). Its content is kept only if it looks like a token, and never shown.
     */
    tokenFile: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .regex(/^[A-Za-z0-9_./~-]+$/, 'Expected a plain file path')
      .nullable()
      .default(null),
  })
  .strict()
  .refine((value) => (value.token === null) !== (value.tokenFile === null), {
    message: 'Give the token or the token file (one of them)',
    path: ['token'],
  });

export const companionCallSchema = z
  .object({
    id: rowIdSchema,
    method: z.string().min(1).max(100),
    input: z.unknown().optional(),
  })
  .strict();

/** The companion's envelope, passed on as it came: its data is the companion's own contract output. */
export const relayedEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }).strict(),
  z
    .object({
      ok: z.literal(false),
      error: z
        .object({ code: z.enum(ERROR_CODES), message: z.string(), field: z.string().optional() })
        .strict(),
    })
    .strict(),
]);

/** A pending update an attached companion found, marked with its origin (for this core's inbox). */
export const companionUpdateSchema = z.object({
  companionId: rowIdSchema,
  companion: z.string(),
  /** The host's name on the companion (its ids mean nothing here). */
  hostName: z.string(),
  /** The companion's own entry: its ids are the companion's, to be acted on with that core selected. */
  entry: updateEntrySchema,
});

// ---------- contract namespace `companions` (spread into shared/contract.ts) ----------
export const companionsMethods = {
  'companions.list': method(noInput, z.array(companionSchema)),
  /**
   * Attaches to a companion: NOT_FOUND for an unknown host; VALIDATION when the token file does not hold a
   * token; UNAVAILABLE when the host cannot be reached. Resolves once the first connection attempt ended.
   */
  'companions.add': method(companionAddSchema, companionSchema),
  'companions.remove': method(z.object({ id: rowIdSchema }).strict(), removedResult(rowIdSchema)),
  /**
   * One call of the companion's own contract, through the link: how the UI operates a companion's core as
   * if it were local. The method must be a contract method (not `companions.*`: no chains) and its input
   * valid for it (VALIDATION here, before anything is sent); the companion's answer comes back as its
   * envelope. NOT_FOUND for an unknown companion; UNAVAILABLE in the envelope while the link is down.
   */
  'companions.call': method(companionCallSchema, relayedEnvelopeSchema),
  /**
   * The pending (`new`) updates of every attached companion, as last fetched (kept while a link is down,
   * dropped when a companion is detached): the desktop's inbox lists them beside its own, by origin.
   */
  'companions.updates': method(noInput, z.array(companionUpdateSchema)),
} as const;

export const companionsEvents = {
  /** A companion's link changed state. */
  'companions.changed': event(companionSchema),
  /** The companions' pending updates changed (fetched anew, or a companion detached): refetch them. */
  'companions.updatesChanged': event(z.object({ companionId: rowIdSchema })),
  /** A companion was detached (its token forgotten). */
  'companions.removed': event(z.object({ id: rowIdSchema })),
  /** An event of an attached companion, relayed with its origin (the companion's id and name). */
  'companions.event': event(
    z.object({
      companionId: rowIdSchema,
      companion: z.string(),
      seq: z.int().nonnegative(),
      event: z.string(),
      payload: z.unknown(),
    }),
  ),
} as const;
