/**
 * The contract: every call (`namespace.method` → input and output schema) and every event (name → payload
 * schema) that crosses between the renderer and the core. The preload, the IPC registration, the WebSocket
 * server, the renderer client and the test client are all derived from this one object.
 */
import { z } from 'zod';
import { event, method, noInput } from './rpc/define';
import { appInfoSchema, secretBackendSchema } from './schemas/app';
import { autoUpdateMethods } from './schemas/auto-update';
import { companionsEvents, companionsMethods } from './schemas/companions';
import { composeMethods } from './schemas/compose';
import { containerActionsMethods } from './schemas/container-actions';
import { containerDetailsMethods } from './schemas/container-details';
import { containerStatsMethods } from './schemas/container-stats';
import { containersEvents, containersMethods } from './schemas/containers';
import { deploysEvents, deploysMethods } from './schemas/deploys';
import { execEvents, execMethods } from './schemas/exec';
import { hostMetricsMethods } from './schemas/host-metrics';
import { hostUsageMethods } from './schemas/host-usage';
import { hostsEvents, hostsMethods } from './schemas/hosts';
import { registriesMethods } from './schemas/registries';
import { resourcesEvents, resourcesMethods } from './schemas/resources';
import { settingsPatchSchema, settingsSchema } from './schemas/settings';
import { swarmMethods } from './schemas/swarm';
import { updatesEvents, updatesMethods } from './schemas/updates';
import { webhooksEvents, webhooksMethods } from './schemas/webhooks';
import { workloadsEvents, workloadsMethods } from './schemas/workloads';

export const contract = {
  methods: {
    'app.info': method(noInput, appInfoSchema),
    /**
     * Starts a new, empty secret store when the encrypted file cannot be opened with the current key; the
     * old file is kept aside. CONFLICT when the store works (nothing to reset).
     */
    'app.resetSecretStore': method(noInput, secretBackendSchema),
    /**
     * Events after sequence number `after` (WebSocket event frames carry `seq`), for a client that was
     * disconnected. `missed`: some are no longer kept, or `after` is from an earlier core run: refetch.
     */
    'events.since': method(
      z.object({ after: z.int().nonnegative() }).strict(),
      z.object({
        events: z.array(z.object({ seq: z.int().positive(), event: z.string(), payload: z.unknown() })),
        missed: z.boolean(),
        latest: z.int().nonnegative(),
      }),
    ),
    'settings.get': method(noInput, settingsSchema),
    'settings.update': method(settingsPatchSchema, settingsSchema),
    ...registriesMethods,
    ...hostsMethods,
    ...containersMethods,
    ...containerDetailsMethods,
    ...containerActionsMethods,
    ...containerStatsMethods,
    ...resourcesMethods,
    ...execMethods,
    ...updatesMethods,
    ...deploysMethods,
    ...autoUpdateMethods,
    ...workloadsMethods,
    ...composeMethods,
    ...hostUsageMethods,
    ...hostMetricsMethods,
    ...webhooksMethods,
    ...companionsMethods,
    ...swarmMethods,
  },
  events: {
    'settings.changed': event(settingsSchema),
    /** The shell asks the renderer to show a page (e.g. a notification click → `/updates?host=<id>`). */
    'app.navigate': event(z.object({ path: z.string().startsWith('/').max(500) })),
    /** The secret backend's state changed (a reset): refetch app.info. */
    'app.secretBackendChanged': event(secretBackendSchema),
    ...hostsEvents,
    ...containersEvents,
    ...resourcesEvents,
    ...execEvents,
    ...updatesEvents,
    ...deploysEvents,
    ...workloadsEvents,
    ...webhooksEvents,
    ...companionsEvents,
  },
} as const;

export type Contract = typeof contract;
export type Methods = Contract['methods'];
export type MethodName = keyof Methods;
export type EventName = keyof Contract['events'];

/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives after validation. */
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;

export const METHOD_NAMES = Object.keys(contract.methods) as MethodName[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract.methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(contract.events, name);
}

/** IPC channel names: one for calls, one for events, one for the renderer's "ready". */
export const IPC_CHANNELS = {
  invoke: 'tidewatch:invoke',
  event: 'tidewatch:event',
  ready: 'tidewatch:ready',
} as const;
