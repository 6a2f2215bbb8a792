import {
  contract,
  isEventName,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../contract';
import { ContractError } from './errors';
import type { Transport } from './transport';

export interface TidewatchClient {
  call<M extends MethodName>(method: M, ...input: OptionalInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void;
  ready(): void;
}

/** Methods whose input may be omitted take no second argument. */
type OptionalInput<M extends MethodName> =
  undefined extends MethodInput<M> ? [input?: MethodInput<M>] : [input: MethodInput<M>];

/** A typed client over any transport: unwraps the envelope and throws ContractError on `{ ok: false }`. */
export function createClient(transport: Transport): TidewatchClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  transport.listen((name, payload) => {
    if (!isEventName(name)) return;
    // Events come from our own core, but a schema mismatch means a version skew: drop rather than mislead.
    const parsed = contract.events[name].safeParse(payload);
    if (!parsed.success) return;
    for (const callback of listeners.get(name) ?? []) callback(parsed.data);
  });

  return {
    async call(method, ...[input]) {
      const envelope = await transport.invoke(method, input);
      if (!envelope.ok) {
        const { code, message, field } = envelope.error;
        throw new ContractError(code, message, method, field);
      }
      return envelope.data as MethodOutput<typeof method>;
    },
    on(event, callback) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const untyped = callback as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
    ready() {
      transport.ready();
    },
  };
}
