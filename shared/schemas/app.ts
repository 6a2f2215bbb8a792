import { z } from 'zod';

export const secretBackendSchema = z.object({
  kind: z.enum(['keychain', 'encrypted-file', 'memory']),
  /** Set when the backend cannot be used; the UI shows it instead of silently storing secrets elsewhere. */
  error: z.string().nullable(),
  /** The encrypted file's key file (the companion's generated default, or the one given); null otherwise. */
  keyFile: z.string().nullable().default(null),
  /**
   * The encrypted file exists but cannot be opened with this key (a changed key, a corrupt file): the user
   * may start a new store (app.resetSecretStore), which keeps the old file aside and asks for secrets again.
   */
  resettable: z.boolean().default(false),
});

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  mode: z.enum(['desktop', 'companion', 'test']),
  dataDir: z.string(),
  secretBackend: secretBackendSchema,
});

export type AppInfo = z.infer<typeof appInfoSchema>;
export type SecretBackendInfo = z.infer<typeof secretBackendSchema>;
