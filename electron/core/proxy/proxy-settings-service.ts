import type { ProxySettings, ProxySettingsInput } from '@shared/schemas/workloads';
import { secretKey, type SecretStore } from '../secrets/secret-store';
import type { ProxySettingsRepository } from './proxy-settings-repository';

export function npmPasswordKey(hostId: string): string {
  return secretKey('npm-password', hostId);
}

/** Each host's proxy settings, with the NPM password kept in the secret store (only "set or not" leaves). */
export class ProxySettingsService {
  constructor(
    private readonly repository: ProxySettingsRepository,
    private readonly secrets: SecretStore,
    /** Throws NOT_FOUND for a host id the core does not know. */
    private readonly requireHost: (hostId: string) => void,
  ) {}

  async get(hostId: string): Promise<ProxySettings> {
    this.requireHost(hostId);
    return this.repository.get(hostId, await this.passwordSet(hostId));
  }

  /** Saved settings without asking the secret store (the deployer needs no password to plan). */
  saved(hostId: string): ProxySettings {
    return this.repository.get(hostId, false);
  }

  async set(input: ProxySettingsInput): Promise<ProxySettings> {
    this.requireHost(input.hostId);
    const key = npmPasswordKey(input.hostId);
    if (input.npmPassword === null) await this.secrets.delete(key);
    else if (input.npmPassword !== undefined) await this.secrets.set(key, input.npmPassword);
    return this.repository.set(input, await this.passwordSet(input.hostId));
  }

  hostIds(): string[] {
    return this.repository.hostIds();
  }

  private async passwordSet(hostId: string): Promise<boolean> {
    return (await this.secrets.get(npmPasswordKey(hostId))) !== null;
  }
}
