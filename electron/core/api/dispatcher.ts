import { z } from 'zod';
import {
  contract,
  isMethodName,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from '@shared/contract';
import { fail, ok, type Envelope } from '@shared/rpc/envelope';
import { AppError } from '@shared/rpc/errors';
import type { Logger } from '../logging/logger';

/** Who is calling: lets handlers and logs tell the desktop window from a WebSocket client. */
export interface CallContext {
  transport: 'ipc' | 'ws' | 'memory';
  /**
   * The connection the call came on (one WebSocket, one renderer's webContents, one memory transport), for
   * what a connection owns (exec sessions). The transport calls `connectionClosed` with it when it goes away.
   */
  connectionId?: string;
}

export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
  context: CallContext,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };

export interface Dispatcher {
  dispatch(method: unknown, input: unknown, context: CallContext): Promise<Envelope<unknown>>;
  /** A transport's connection is gone: whatever it owned is released. Never throws. */
  connectionClosed(connectionId: string): void;
}

export interface DispatcherHooks {
  /** Told when a connection closes (see CallContext.connectionId). */
  connectionClosed?(connectionId: string): void;
}

/**
 * Validates a call against the contract, runs its handler and wraps the result in the envelope.
 * It never throws: bad input becomes VALIDATION, an AppError keeps its code and message, anything else
 * becomes INTERNAL with a generic message (the details go to the log, which redacts secrets).
 */
export function createDispatcher(
  handlers: Handlers,
  logger: Logger,
  hooks: DispatcherHooks = {},
): Dispatcher {
  return {
    connectionClosed(connectionId) {
      try {
        hooks.connectionClosed?.(connectionId);
      } catch (error) {
        logger.error('releasing a closed connection failed', { connectionId, error });
      }
    },
    async dispatch(method, input, context) {
      if (!isMethodName(method)) {
        return fail({ code: 'UNKNOWN_METHOD', message: `Unknown method: ${describe(method)}` });
      }
      const spec = contract.methods[method];
      const parsed = safeParseInput(spec.input, input);
      if (!parsed)
        return fail({ code: 'VALIDATION', message: `Invalid input for ${method}: unreadable value` });
      if (!parsed.success) {
        return fail({
          code: 'VALIDATION',
          message: `Invalid input for ${method}: ${readableIssues(parsed.error)}`,
        });
      }
      try {
        const handler = handlers[method] as Handler<MethodName>;
        const result = await handler(parsed.data as ParsedInput<MethodName>, context);
        // Checking our own output catches a handler that would leak fields the contract does not declare.
        return ok(spec.output.parse(result));
      } catch (error) {
        return fail(toErrorBody(error, method, logger));
      }
    },
  };
}

function toErrorBody(error: unknown, method: string, logger: Logger) {
  if (error instanceof AppError) {
    return error.field === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, field: error.field };
  }
  logger.error('call failed', { method, error });
  return { code: 'INTERNAL' as const, message: `${method} failed unexpectedly; see the log for details` };
}

/**
 * safeParse still throws when reading the input throws (a getter or a Proxy trap: impossible over IPC and
 * WebSocket, which copy plain data, but possible in-process). null means "could not be read at all".
 */
function safeParseInput(schema: z.ZodType, input: unknown): ReturnType<z.ZodType['safeParse']> | null {
  try {
    return schema.safeParse(input);
  } catch {
    return null;
  }
}

/** Long enough for every issue of a real form, short enough that a hostile 1 MB key is not echoed back. */
const MAX_ISSUES_LENGTH = 600;

/** Zod's issues as one line a person can read: `theme: Invalid option …; port: Too big …`. */
export function readableIssues(error: z.ZodError): string {
  const text = z
    .prettifyError(error)
    .replace(/\n\s*→ at /g, ' at ')
    .replace(/\n/g, '; ')
    .replace(/✖ /g, '');
  return text.length > MAX_ISSUES_LENGTH ? `${text.slice(0, MAX_ISSUES_LENGTH)}…` : text;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 100)) : typeof value;
}
