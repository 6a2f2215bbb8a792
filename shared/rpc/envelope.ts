import type { ContractErrorBody } from './errors';

/** Every call answers with this envelope, whatever the transport. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ContractErrorBody };

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data };
}

export function fail(error: ContractErrorBody): Envelope<never> {
  return { ok: false, error };
}
