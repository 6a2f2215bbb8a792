import type { ProxySettings, ProxySettingsInput } from '@shared/schemas/workloads';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';

interface Row {
  host_id: string;
  kind: ProxySettings['kind'];
  caddy_container: string | null;
  caddy_admin_port: number;
  traefik_entrypoint: string | null;
  traefik_cert_resolver: string | null;
  npm_url: string | null;
  npm_email: string | null;
  bind_base_path: string | null;
  https: number;
}

/** Each host's reverse proxy choice. A host without a row has none (direct ports). */
export class ProxySettingsRepository {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  get(hostId: string, npmPasswordSet: boolean): ProxySettings {
    const row = this.db.prepare('SELECT * FROM host_proxies WHERE host_id = ?').get(hostId) as
      Row | undefined;
    if (!row) return { ...defaults(hostId), npmPasswordSet };
    return {
      hostId,
      kind: row.kind,
      caddyContainer: row.caddy_container,
      caddyAdminPort: row.caddy_admin_port,
      traefikEntrypoint: row.traefik_entrypoint,
      traefikCertResolver: row.traefik_cert_resolver,
      npmUrl: row.npm_url,
      npmEmail: row.npm_email,
      npmPasswordSet,
      bindBasePath: row.bind_base_path,
      https: row.https === 1,
    };
  }

  /** The hosts that have proxy settings saved. */
  hostIds(): string[] {
    return (
      this.db.prepare('SELECT host_id FROM host_proxies ORDER BY host_id').all() as Array<{ host_id: string }>
    ).map((row) => row.host_id);
  }

  /** Merges the fields given into what is saved (the password is not stored here). */
  set(input: ProxySettingsInput, npmPasswordSet: boolean): ProxySettings {
    const { npmPassword: _secret, ...fields } = input;
    const next = { ...this.get(input.hostId, npmPasswordSet), ...fields };
    this.db
      .prepare(
        `INSERT INTO host_proxies (host_id, kind, caddy_container, caddy_admin_port, traefik_entrypoint,
           traefik_cert_resolver, npm_url, npm_email, bind_base_path, https, updated_at)
         VALUES (@hostId, @kind, @caddyContainer, @caddyAdminPort, @traefikEntrypoint, @traefikCertResolver,
           @npmUrl, @npmEmail, @bindBasePath, @https, @now)
         ON CONFLICT (host_id) DO UPDATE SET kind = excluded.kind, caddy_container = excluded.caddy_container,
           caddy_admin_port = excluded.caddy_admin_port, traefik_entrypoint = excluded.traefik_entrypoint,
           traefik_cert_resolver = excluded.traefik_cert_resolver, npm_url = excluded.npm_url,
           npm_email = excluded.npm_email, bind_base_path = excluded.bind_base_path, https = excluded.https,
           updated_at = excluded.updated_at`,
      )
      .run({
        hostId: next.hostId,
        kind: next.kind,
        caddyContainer: next.caddyContainer,
        caddyAdminPort: next.caddyAdminPort,
        traefikEntrypoint: next.traefikEntrypoint,
        traefikCertResolver: next.traefikCertResolver,
        npmUrl: next.npmUrl,
        npmEmail: next.npmEmail,
        bindBasePath: next.bindBasePath,
        https: next.https ? 1 : 0,
        now: this.clock.now().toISOString(),
      });
    return this.get(input.hostId, npmPasswordSet);
  }
}

function defaults(hostId: string): Omit<ProxySettings, 'npmPasswordSet'> {
  return {
    hostId,
    kind: 'none',
    caddyContainer: null,
    caddyAdminPort: 2019,
    traefikEntrypoint: null,
    traefikCertResolver: null,
    npmUrl: null,
    npmEmail: null,
    bindBasePath: null,
    https: false,
  };
}
