import { z } from 'zod';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
}

export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> {
  return { input, output };
}

export function event<P extends z.ZodType>(payload: P): P {
  return payload;
}

/** The input of a call that takes none: nothing, null or an empty object (all three are what callers send). */
export const noInput = z.undefined().or(z.null()).or(z.object({}).strict()).optional();

/** Every `*.remove` answers this one shape: what was removed, by the id the caller used. */
export function removedResult<I extends z.ZodType>(id: I) {
  return z.object({ removed: z.literal(true), id });
}
