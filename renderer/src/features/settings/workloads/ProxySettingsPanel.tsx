import {
  Alert,
  Button,
  Group,
  Loader,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { ProxyKind, ProxySettings } from '@shared/schemas/workloads';
import { useState } from 'react';
import { useHosts } from '../../../api/hosts';
import { errorMessage } from '../../../api/query-client';
import { useProxySettings, useSetProxySettings } from '../../../api/workloads';
import { NpmPasswordField, type PasswordChange } from './NpmPasswordField';
import { proxyInput, proxyProblems, type ProxyFormValues } from './proxy-form-values';
import { ProxyRoutes } from './ProxyRoutes';

const KINDS: Array<{ value: ProxyKind; label: string }> = [
  { value: 'none', label: 'None' },
  { value: 'caddy', label: 'Caddy' },
  { value: 'traefik', label: 'Traefik' },
  { value: 'npm', label: 'Nginx Proxy Manager' },
];

/** Per host: which reverse proxy serves its workloads, how to reach it, and where bind mounts may live. */
export function ProxySettingsPanel() {
  const hosts = (useHosts().data ?? []).filter((host) => host.dockerEnabled);
  const [hostId, setHostId] = useState<string | null>(null);
  const chosen = hostId ?? hosts[0]?.id ?? null;
  const proxy = useProxySettings(chosen);
  return (
    <Stack gap="sm" role="group" aria-label="Proxy per host">
      <Group justify="space-between" align="flex-end">
        <Title order={5}>Reverse proxy per host</Title>
        <Select
          aria-label="Host for proxy settings"
          placeholder="Choose a host"
          data={hosts.map((host) => ({ value: host.id, label: host.name }))}
          value={chosen}
          allowDeselect={false}
          onChange={setHostId}
          w={240}
        />
      </Group>
      {hosts.length === 0 && (
        <Text size="sm" c="dimmed">
          Add a host with Docker first.
        </Text>
      )}
      {proxy.isPending && chosen && <Loader size="sm" aria-label="Loading proxy settings" />}
      {proxy.error && (
        <Alert color="red" title="Proxy settings could not be loaded">
          {errorMessage(proxy.error)}
        </Alert>
      )}
      {proxy.data && (
        <ProxyForm key={`${proxy.data.hostId}:${JSON.stringify(proxy.data)}`} saved={proxy.data} />
      )}
    </Stack>
  );
}

function formFrom(saved: ProxySettings): ProxyFormValues {
  return {
    kind: saved.kind,
    caddyContainer: saved.caddyContainer ?? '',
    caddyAdminPort: saved.caddyAdminPort,
    traefikEntrypoint: saved.traefikEntrypoint ?? '',
    traefikCertResolver: saved.traefikCertResolver ?? '',
    npmUrl: saved.npmUrl ?? '',
    npmEmail: saved.npmEmail ?? '',
    bindBasePath: saved.bindBasePath ?? '',
    https: saved.https,
  };
}

function ProxyForm({ saved }: { saved: ProxySettings }) {
  const [values, setValues] = useState<ProxyFormValues>(() => formFrom(saved));
  const [password, setPassword] = useState<PasswordChange>({ kind: 'keep' });
  const [errors, setErrors] = useState<Partial<Record<keyof ProxyFormValues, string>>>({});
  const save = useSetProxySettings();
  const set = (patch: Partial<ProxyFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    setErrors({});
  };
  const submit = () => {
    const found = proxyProblems(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(proxyInput(saved.hostId, values, password), {
      onSuccess: () => setPassword({ kind: 'keep' }),
    });
  };
  const text = (key: keyof ProxyFormValues, label: string, placeholder: string, description?: string) => (
    <TextInput
      label={label}
      description={description}
      placeholder={placeholder}
      value={String(values[key])}
      error={errors[key]}
      onChange={(event) => set({ [key]: event.currentTarget.value })}
    />
  );
  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label="Proxy kind"
        data={KINDS}
        value={values.kind}
        onChange={(value) => set({ kind: value as ProxyKind })}
        fullWidth
      />
      {values.kind === 'none' && (
        <Alert color="gray" icon={<IconInfoCircle size={18} />}>
          Without a proxy, each instance publishes its port on the host: blue-green needs distinct ports and
          there is no zero-downtime switch (clients move to the new port themselves).
        </Alert>
      )}
      {values.kind === 'caddy' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {text('caddyContainer', 'Caddy container', 'caddy', 'Its admin API is reached through SSH')}
          <NumberInput
            label="Admin API port"
            min={1}
            max={65535}
            allowDecimal={false}
            value={values.caddyAdminPort}
            error={errors.caddyAdminPort}
            onChange={(value) => set({ caddyAdminPort: value })}
          />
        </SimpleGrid>
      )}
      {values.kind === 'traefik' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {text('traefikEntrypoint', 'Entry point', 'websecure')}
          {text('traefikCertResolver', 'Certificate resolver', 'letsencrypt', 'Optional')}
        </SimpleGrid>
      )}
      {values.kind === 'npm' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {text('npmUrl', 'API URL', 'http://127.0.0.1:81', 'As the host sees it')}
          {text('npmEmail', 'Login e-mail', 'admin@example.com')}
          <NpmPasswordField stored={saved.npmPasswordSet} change={password} onChange={setPassword} />
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {text(
          'bindBasePath',
          'Bind base path',
          '/srv/tidewatch',
          'Host paths of workload mounts must lie under it; empty: none allowed',
        )}
        <Switch
          mt="lg"
          label="HTTPS"
          description="The proxy serves TLS: instance URLs are https"
          checked={values.https}
          onChange={(event) => set({ https: event.currentTarget.checked })}
        />
      </SimpleGrid>
      <Group justify="flex-end">
        <Button size="xs" onClick={submit} loading={save.isPending}>
          Save proxy settings
        </Button>
      </Group>
      {saved.kind !== 'none' && <ProxyRoutes hostId={saved.hostId} />}
    </Stack>
  );
}
