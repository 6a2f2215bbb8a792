/** Container actions beyond start/stop/restart/remove: pause, unpause, kill with a signal, rename. */
import { z } from 'zod';
import { method } from '../rpc/define';
import { containerRefInputSchema, containerSchema } from './containers';

/** The signals people send by hand; anything else is refused rather than passed to Docker. */
export const KILL_SIGNALS = [
  'SIGKILL',
  'SIGTERM',
  'SIGINT',
  'SIGHUP',
  'SIGQUIT',
  'SIGUSR1',
  'SIGUSR2',
] as const;

export const containerKillInputSchema = containerRefInputSchema
  .extend({ signal: z.enum(KILL_SIGNALS).default('SIGKILL') })
  .strict();

export const containerRenameInputSchema = containerRefInputSchema
  .extend({
    name: z
      .string()
      .min(2)
      .max(128)
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/, 'Letters, digits, _ . and -; starting with a letter or digit'),
  })
  .strict();

// ---------- contract methods (spread into shared/contract.ts under `containers.*`) ----------
export const containerActionsMethods = {
  /** Freezes every process of a running container (CONFLICT when it is not running). */
  'containers.pause': method(containerRefInputSchema, containerSchema),
  'containers.unpause': method(containerRefInputSchema, containerSchema),
  /** Sends a signal to the main process (CONFLICT when the container is not running). */
  'containers.kill': method(containerKillInputSchema, containerSchema),
  /** CONFLICT when another container has the name. */
  'containers.rename': method(containerRenameInputSchema, containerSchema),
} as const;
