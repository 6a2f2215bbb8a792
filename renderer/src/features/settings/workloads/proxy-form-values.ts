import { proxySettingsInputSchema, type ProxyKind, type ProxySettingsInput } from '@shared/schemas/workloads';

export interface ProxyFormValues {
  kind: ProxyKind;
  caddyContainer: string;
  caddyAdminPort: number | string;
  traefikEntrypoint: string;
  traefikCertResolver: string;
  npmUrl: string;
  npmEmail: string;
  bindBasePath: string;
  https: boolean;
}

/** The NPM password is write-only: kept, replaced by a new one, or removed. */
export type PasswordChange = { kind: 'keep' } | { kind: 'set'; value: string } | { kind: 'remove' };

const blankToNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** Every field is sent (the form shows them all); the password only when it changes. */
export function proxyInput(
  hostId: string,
  values: ProxyFormValues,
  password: PasswordChange,
): ProxySettingsInput {
  return {
    hostId,
    kind: values.kind,
    caddyContainer: blankToNull(values.caddyContainer),
    caddyAdminPort: Number(values.caddyAdminPort),
    traefikEntrypoint: blankToNull(values.traefikEntrypoint),
    traefikCertResolver: blankToNull(values.traefikCertResolver),
    npmUrl: blankToNull(values.npmUrl),
    npmEmail: blankToNull(values.npmEmail),
    bindBasePath: blankToNull(values.bindBasePath),
    https: values.https,
    ...(password.kind === 'set' ? { npmPassword: password.value } : {}),
    ...(password.kind === 'remove' ? { npmPassword: null } : {}),
  };
}

/** The schema's checks at their fields, plus what the chosen kind cannot work without. */
export function proxyProblems(values: ProxyFormValues): Partial<Record<keyof ProxyFormValues, string>> {
  const found: Partial<Record<keyof ProxyFormValues, string>> = {};
  const result = proxySettingsInputSchema.safeParse(
    proxyInput('00000000-0000-4000-8000-000000000000', values, { kind: 'keep' }),
  );
  if (!result.success)
    for (const issue of result.error.issues) {
      const key = issue.path[0] as keyof ProxyFormValues;
      found[key] ??=
        key === 'bindBasePath'
          ? 'An absolute path (starting with /), or empty'
          : key === 'caddyAdminPort'
            ? 'A port from 1 to 65535'
            : issue.message;
    }
  if (values.kind === 'caddy' && values.caddyContainer.trim() === '')
    found.caddyContainer ??= 'Name the Caddy container';
  if (values.kind === 'traefik' && values.traefikEntrypoint.trim() === '')
    found.traefikEntrypoint ??= 'Name the entry point';
  if (values.kind === 'npm') {
    if (!/^https?:\/\/\S+$/.test(values.npmUrl.trim())) found.npmUrl ??= 'A URL like http://127.0.0.1:81';
    if (values.npmEmail.trim() === '') found.npmEmail ??= 'The e-mail NPM logs in with';
  }
  return found;
}
