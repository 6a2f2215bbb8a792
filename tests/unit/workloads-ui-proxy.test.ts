/** The per-host proxy form: the write-only NPM password, blanks as null, and the checks per proxy kind. */
import { proxySettingsInputSchema } from '@shared/schemas/workloads';
import { describe, expect, it } from 'vitest';
import {
  proxyInput,
  proxyProblems,
  type ProxyFormValues,
} from '../../renderer/src/features/settings/workloads/proxy-form-values';

const HOST = '6f1c2f4e-8a51-4a44-9a2e-3b4c5d6e7f80';
const none: ProxyFormValues = {
  kind: 'none',
  caddyContainer: '',
  caddyAdminPort: 2019,
  traefikEntrypoint: '',
  traefikCertResolver: '',
  npmUrl: '',
  npmEmail: '',
  bindBasePath: '',
  https: false,
};

describe('proxy settings form', () => {
  it('sends the password only when it changes: absent keeps, a value sets, null removes', () => {
    expect(proxyInput(HOST, none, { kind: 'keep' })).not.toHaveProperty('npmPassword');
    expect(proxyInput(HOST, none, { kind: 'set', value: 'pw' }).npmPassword).toBe('pw');
    expect(proxyInput(HOST, none, { kind: 'remove' }).npmPassword).toBeNull();
  });

  it('sends blanks as null and passes the contract schema', () => {
    const input = proxyInput(HOST, { ...none, bindBasePath: ' ' }, { kind: 'keep' });
    expect(input).toMatchObject({ kind: 'none', bindBasePath: null, npmUrl: null, caddyAdminPort: 2019 });
    expect(proxySettingsInputSchema.safeParse(input).success).toBe(true);
    expect(proxyProblems(none)).toEqual({});
  });

  it('asks for what each kind needs, and a bind base path must be absolute', () => {
    expect(Object.keys(proxyProblems({ ...none, kind: 'caddy' }))).toEqual(['caddyContainer']);
    expect(proxyProblems({ ...none, kind: 'caddy', caddyContainer: 'caddy', caddyAdminPort: 70000 })).toEqual(
      {
        caddyAdminPort: 'A port from 1 to 65535',
      },
    );
    expect(Object.keys(proxyProblems({ ...none, kind: 'traefik' }))).toEqual(['traefikEntrypoint']);
    expect(Object.keys(proxyProblems({ ...none, kind: 'npm', npmUrl: '127.0.0.1:81' })).sort()).toEqual([
      'npmEmail',
      'npmUrl',
    ]);
    expect(proxyProblems({ ...none, bindBasePath: 'srv/apps' }).bindBasePath).toMatch(/absolute path/);
  });
});
