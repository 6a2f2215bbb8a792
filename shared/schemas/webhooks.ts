import { z } from 'zod';
import { event, method, noInput } from '../rpc/define';
import { hostIdSchema, rowIdSchema } from './ids';

/**
 * Webhook intake: a listener of its own (apart from the loopback UI/API) that takes DIUN notifications,
 * CI "image pushed" hooks and signed registry package events, answers at once and acts from a persisted
 * queue. Secrets live in the secret store; the contract shows them only where the user must copy them.
 */

/** Who sent a delivery; each has its own secret and rate limit. */
export const WEBHOOK_SOURCES = ['diun', 'ci', 'github', 'gitea', 'gitlab', 'dockerhub'] as const;
export const webhookSourceSchema = z.enum(WEBHOOK_SOURCES);
export type WebhookSource = z.infer<typeof webhookSourceSchema>;

/** The secrets Tidewatch holds: one per source, plus the token of the DIUN-dashboard-compatible API. */
export const WEBHOOK_SECRET_NAMES = [...WEBHOOK_SOURCES, 'api'] as const;
export const webhookSecretNameSchema = z.enum(WEBHOOK_SECRET_NAMES);
export type WebhookSecretName = z.infer<typeof webhookSecretNameSchema>;

/** `host:port`, `[v6]:port` or `:port` (all addresses). */
export const LISTEN_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]*):(\d{1,5})$/;
export const listenAddressSchema = z
  .string()
  .trim()
  .max(300)
  .regex(LISTEN_PATTERN, 'Expected host:port, e.g. 0.0.0.0:8090')
  .refine((value) => {
    const port = Number(value.slice(value.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65_535;
  }, 'The port must be between 1 and 65535');

/** What to do with a CI push of an image no workload uses. */
export const UNKNOWN_IMAGE_POLICIES = ['notify', 'create'] as const;

const absolutePath = z.string().trim().max(1000).startsWith('/', 'Expected an absolute path');

export const webhookConfigSchema = z.object({
  enabled: z.boolean(),
  listen: listenAddressSchema,
  /** TLS for direct exposure: PEM files on the machine the core runs on. Both or neither. */
  tlsCertFile: absolutePath.nullable(),
  tlsKeyFile: absolutePath.nullable(),
  /** Proxies whose `X-Forwarded-For` is believed (their own address is what the socket shows). */
  trustedProxies: z.array(z.string().trim().min(1).max(100)).max(20),
  unknownImage: z.enum(UNKNOWN_IMAGE_POLICIES),
  /** The host a workload is created on when `unknownImage` is `create`. */
  createOnHostId: hostIdSchema.nullable(),
  maxBodyBytes: z
    .int()
    .min(1024)
    .max(16 * 1024 * 1024),
  /** Deliveries per minute and source before 429. */
  ratePerMinute: z.int().min(1).max(100_000),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
  enabled: false,
  listen: '127.0.0.1:8090',
  tlsCertFile: null,
  tlsKeyFile: null,
  trustedProxies: [],
  unknownImage: 'notify',
  createOnHostId: null,
  maxBodyBytes: 1024 * 1024,
  ratePerMinute: 600,
};

export const webhookConfigPatchSchema = webhookConfigSchema
  .partial()
  .strict()
  .refine(
    (patch) =>
      patch.tlsCertFile === undefined ||
      patch.tlsKeyFile === undefined ||
      (patch.tlsCertFile === null) === (patch.tlsKeyFile === null),
    { message: 'Give both the certificate and the key file, or neither' },
  );

/** The listener as it runs now. */
export const webhookListenerStateSchema = z.object({
  listening: z.boolean(),
  /** `http://0.0.0.0:8090` when listening. */
  url: z.string().nullable(),
  /** Why it does not listen (port in use, unreadable certificate), safe to show. */
  error: z.string().nullable(),
  /** `--webhooks` on the companion's command line overrides `enabled` and `listen`. */
  overridden: z.boolean(),
});

export const webhookStatusSchema = z.object({
  config: webhookConfigSchema,
  state: webhookListenerStateSchema,
  /** Which secrets are set (the values come from webhooks.secret). */
  secretsSet: z.record(webhookSecretNameSchema, z.boolean()),
});
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

/** Where each source posts, relative to the listener's URL: the secret ones carry it in the path. */
export const webhookEndpointSchema = z.object({
  name: webhookSecretNameSchema,
  /** The secret itself, for copying into DIUN, CI or the registry. */
  secret: z.string(),
  /** e.g. `/api/webhook/<secret>`; `/webhook` for DIUN (the secret goes in its Authorization header). */
  path: z.string(),
});

export const DELIVERY_STATES = ['queued', 'done', 'failed', 'ignored', 'duplicate', 'rejected'] as const;
export const deliveryStateSchema = z.enum(DELIVERY_STATES);

/** One entry of the delivery log. Never holds a secret, a signature or a body. */
export const webhookDeliverySchema = z.object({
  id: rowIdSchema,
  receivedAt: z.string(),
  source: webhookSourceSchema,
  /** The client address (after trusted proxies). */
  remote: z.string(),
  /** The HTTP status answered. */
  status: z.int(),
  state: deliveryStateSchema,
  /** The image the delivery is about, when it names one. */
  image: z.string().nullable(),
  /** What was done, or why nothing was: "deployed shop dev v1.2.0", "bad signature". */
  action: z.string(),
  finishedAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

/** A DIUN notification as the DIUN dashboard keeps it: one row per image, the newest event wins. */
export const diunUpdateSchema = z.object({
  image: z.string(),
  hostname: z.string(),
  status: z.string(),
  provider: z.string(),
  digest: z.string(),
  platform: z.string(),
  hubLink: z.string(),
  containerName: z.string(),
  receivedAt: z.string(),
  acknowledged: z.boolean(),
  tag: z.object({ id: rowIdSchema, name: z.string() }).nullable(),
  /** The Tidewatch host and container the event was matched to (by hostname and container name). */
  hostId: hostIdSchema.nullable(),
  matchedContainer: z.string().nullable(),
});
export type DiunUpdate = z.infer<typeof diunUpdateSchema>;

const imageKey = z.string().trim().min(1).max(500);

// ---------- contract namespace `webhooks` (spread into shared/contract.ts) ----------
export const webhooksMethods = {
  'webhooks.status': method(noInput, webhookStatusSchema),
  /** Saves and applies at once (the listener restarts); VALIDATION for a bad address or half a TLS pair. */
  'webhooks.update': method(webhookConfigPatchSchema, webhookStatusSchema),
  /** The endpoints with their secrets, for the Settings page's copy buttons (generated when missing). */
  'webhooks.endpoints': method(noInput, z.array(webhookEndpointSchema)),
  /** A new secret for one source: what used the old one gets 401 from now on. */
  'webhooks.regenerateSecret': method(
    z.object({ name: webhookSecretNameSchema }).strict(),
    webhookEndpointSchema,
  ),
  /** Sets a secret the other side already has (e.g. DIUN's configured Authorization value). */
  'webhooks.setSecret': method(
    z.object({ name: webhookSecretNameSchema, secret: z.string().min(16).max(500) }).strict(),
    webhookEndpointSchema,
  ),
  /** The delivery log, newest first. */
  'webhooks.deliveries': method(
    z
      .object({
        source: webhookSourceSchema.optional(),
        before: rowIdSchema.optional(),
        limit: z.int().min(1).max(500).optional(),
      })
      .strict()
      .optional(),
    z.array(webhookDeliverySchema),
  ),
  /** DIUN notifications, newest first. */
  'webhooks.diunUpdates': method(noInput, z.array(diunUpdateSchema)),
  /** Marks one as seen (the DIUN dashboard's dismiss); NOT_FOUND for an unknown image. */
  'webhooks.diunAcknowledge': method(z.object({ image: imageKey }).strict(), z.object({ image: z.string() })),
} as const;

export const webhooksEvents = {
  /** A delivery was received or finished: refresh the log (and the DIUN list when source is diun). */
  'webhooks.delivery': event(webhookDeliverySchema),
  /** The DIUN list changed (a notification, an acknowledgement, a tag): refetch webhooks.diunUpdates. */
  'webhooks.diunChanged': event(z.object({})),
  /** The listener started, stopped or failed. */
  'webhooks.state': event(webhookListenerStateSchema),
} as const;
