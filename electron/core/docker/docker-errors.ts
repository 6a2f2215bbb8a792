import { AppError } from '@shared/rpc/errors';

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

/**
 * Maps a dockerode failure to an AppError with Docker's own explanation: 404 → NOT_FOUND, 409 → CONFLICT,
 * 400 → VALIDATION, a transport failure → UNAVAILABLE. Docker's messages never hold our secrets.
 */
export function dockerError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const err = (error ?? {}) as DockerodeError;
  const detail = err.json?.message ?? err.reason ?? err.message ?? String(error);
  switch (err.statusCode) {
    case 404:
      return new AppError('NOT_FOUND', `${what}: ${detail}`);
    case 409:
      return new AppError('CONFLICT', `${what}: ${detail}`);
    case 400:
      return new AppError('VALIDATION', `${what}: ${detail}`);
    case 401:
    case 403:
      return new AppError('FORBIDDEN', `${what}: ${detail}`);
    default:
      if (err.statusCode !== undefined)
        return new AppError('INTERNAL', `${what}: Docker answered ${err.statusCode}: ${detail}`);
      return new AppError('UNAVAILABLE', `${what}: the Docker engine did not answer (${detail})`);
  }
}

/** 304 "Not Modified": start of a running or stop of a stopped container; the wanted state holds already. */
export function isNotModified(error: unknown): boolean {
  return (error as DockerodeError | null)?.statusCode === 304;
}
