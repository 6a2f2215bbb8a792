/**
 * Exec sessions: an interactive shell in a container (`docker exec` with a TTY) reached through the host's
 * one SSH connection. Output and the end arrive as events; input, resize and close are calls.
 */
import { z } from 'zod';
import { event, method } from '../rpc/define';
import { containerIdSchema } from './containers';
import { hostIdSchema } from './ids';

/** The shells a session may start; each maps to one absolute path in the core, nothing else runs. */
export const EXEC_SHELLS = ['sh', 'bash', 'ash', 'zsh'] as const;
export const execShellSchema = z.enum(EXEC_SHELLS);

/** A user name or uid, optionally `:group`/`:gid`, as `docker exec --user` takes it. */
export const EXEC_USER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$/;
export const execUserSchema = z
  .string()
  .max(64)
  .regex(EXEC_USER_PATTERN, 'a user name or uid, optionally with :group');

export const EXEC_MAX_COLS = 500;
export const EXEC_MAX_ROWS = 200;
/** One input call carries at most this many characters (a paste is split by the client). */
export const EXEC_MAX_INPUT = 16_384;

const colsSchema = z.int().min(2).max(EXEC_MAX_COLS);
const rowsSchema = z.int().min(1).max(EXEC_MAX_ROWS);
export const execSessionIdSchema = z.string().min(1).max(100);

export const execStartInputSchema = z
  .object({
    hostId: hostIdSchema,
    containerId: containerIdSchema,
    shell: execShellSchema.default('sh'),
    /** Omitted or empty: the container's own user. */
    user: execUserSchema.or(z.literal('')).optional(),
    cols: colsSchema.default(80),
    rows: rowsSchema.default(24),
  })
  .strict();

export const execStartResultSchema = z.object({ sessionId: z.string() });

export const execInputSchema = z
  .object({ sessionId: execSessionIdSchema, data: z.string().max(EXEC_MAX_INPUT) })
  .strict();
export const execResizeInputSchema = z
  .object({ sessionId: execSessionIdSchema, cols: colsSchema, rows: rowsSchema })
  .strict();
export const execCloseInputSchema = z.object({ sessionId: execSessionIdSchema }).strict();

/** Terminal output: `data` is base64 of the raw bytes (the terminal decodes UTF-8 across chunks itself). */
export const execOutputEventSchema = z.object({ sessionId: z.string(), data: z.string() });

/**
 * The end of a session; no more `exec.output` follows. exited: the shell ended (`exitCode`); closed: the
 * client closed it (or its connection went away); error: see `message` (the connection was lost, the shell
 * does not exist in the image, the core stopped…).
 */
export const execEndEventSchema = z.object({
  sessionId: z.string(),
  reason: z.enum(['exited', 'closed', 'error']),
  exitCode: z.int().nullable(),
  message: z.string().nullable(),
});

export type ExecShell = z.infer<typeof execShellSchema>;
export type ExecStartInput = z.infer<typeof execStartInputSchema>;
export type ExecOutputEvent = z.infer<typeof execOutputEventSchema>;
export type ExecEndEvent = z.infer<typeof execEndEventSchema>;

export const execMethods = {
  /** Answers a sessionId; output follows as `exec.output`, the end as `exec.end`. */
  'exec.start': method(execStartInputSchema, execStartResultSchema),
  'exec.input': method(execInputSchema, z.object({ sent: z.literal(true) })),
  'exec.resize': method(execResizeInputSchema, z.object({ resized: z.literal(true) })),
  'exec.close': method(execCloseInputSchema, z.object({ closed: z.literal(true) })),
};

export const execEvents = {
  'exec.output': event(execOutputEventSchema),
  'exec.end': event(execEndEventSchema),
};
