import type { CheckStatus } from '@shared/schemas/updates';

export type RegistryFailure =
  Exclude<CheckStatus, 'ok' | 'skipped'> | 'timeout' | 'bad-manifest' | 'cancelled';

/**
 * A registry call that did not give an answer we can trust. The message is safe to show (no credentials,
 * no token); `retryAt` is set when the registry asked us to wait (429/Retry-After) or is failing (5xx).
 */
export class RegistryError extends Error {
  constructor(
    readonly failure: RegistryFailure,
    message: string,
    readonly retryAt: Date | null = null,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** Maps a failure to the status of an image check (timeouts count as unreachable, etc.). */
export function checkStatusOf(error: unknown): Exclude<CheckStatus, 'ok' | 'skipped'> {
  if (!(error instanceof RegistryError)) return 'error';
  switch (error.failure) {
    case 'timeout':
      return 'unreachable';
    case 'bad-manifest':
    case 'cancelled':
      return 'error';
    default:
      return error.failure;
  }
}
