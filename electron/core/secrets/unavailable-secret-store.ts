import { AppError } from '@shared/rpc/errors';
import type { SecretBackendInfo } from '@shared/schemas/app';
import type { SecretStore } from './secret-store';

/**
 * The explicit "no usable secret backend" state: `info.error` says what to configure, and every call
 * throws SECRET_BACKEND. Chosen instead of silently keeping secrets somewhere less safe.
 */
export class UnavailableSecretStore implements SecretStore {
  readonly info: SecretBackendInfo;

  constructor(kind: SecretBackendInfo['kind'], reason: string) {
    this.info = { kind, error: reason, keyFile: null, resettable: false };
  }

  async get(): Promise<string | null> {
    throw this.failure();
  }

  async set(): Promise<void> {
    throw this.failure();
  }

  async delete(): Promise<void> {
    throw this.failure();
  }

  private failure(): AppError {
    return new AppError('SECRET_BACKEND', this.info.error ?? 'No secret backend is configured');
  }
}
