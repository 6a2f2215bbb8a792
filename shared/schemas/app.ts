import { z } from 'zod';

export const secretBackendSchema = z.object({
  kind: z.enum(['keychain', 'encrypted-file', 'memory']),
  /** Set when the backend cannot be used; the UI shows it instead of silently storing secrets elsewhere. */
  error: z.string().nullable(),
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
