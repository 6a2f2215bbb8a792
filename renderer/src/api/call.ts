import type { MethodInput, MethodName, MethodOutput } from '@shared/contract';
import type { TidewatchClient } from '@shared/rpc/client';

/**
 * Calls a method with an input that may be undefined. The client's variadic signature is exact for
 * literal calls; generic hooks cannot express it, so they go through this one narrow cast.
 */
export function callMethod<M extends MethodName>(
  client: TidewatchClient,
  method: M,
  input: MethodInput<M> | undefined,
): Promise<MethodOutput<M>> {
  const call = client.call as (method: M, input?: MethodInput<M>) => Promise<MethodOutput<M>>;
  return call(method, input);
}

/** Query keys start with the method name, so `invalidateQueries({ queryKey: [method] })` hits every input. */
export function methodKey<M extends MethodName>(method: M, input?: MethodInput<M>): readonly unknown[] {
  return input === undefined ? [method] : [method, input];
}
