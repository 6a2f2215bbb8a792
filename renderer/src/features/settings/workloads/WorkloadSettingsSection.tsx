import { Button, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { settingsSchema, type Settings } from '@shared/schemas/settings';
import { useState } from 'react';
import { useSettings, useUpdateSettings } from '../../../api/settings';
import { ProxySettingsPanel } from './ProxySettingsPanel';

type WorkloadKey = 'workloadDomain' | 'workloadNetwork' | 'subdomainPattern' | 'tagSubdomainPattern';

const FIELDS: Array<{ key: WorkloadKey; label: string; description: string; placeholder: string }> = [
  {
    key: 'workloadDomain',
    label: 'Domain',
    description: 'Stage subdomains live under it (a wildcard DNS record points at the proxy)',
    placeholder: 'apps.example.com',
  },
  {
    key: 'workloadNetwork',
    label: 'Network',
    description: 'The Docker network instances and the proxy share (created when missing)',
    placeholder: 'tidewatch',
  },
  {
    key: 'subdomainPattern',
    label: 'Subdomain pattern',
    description: '{stage} and {project} are replaced',
    placeholder: '{stage}-{project}',
  },
  {
    key: 'tagSubdomainPattern',
    label: 'Subdomain pattern per tag',
    description: 'For stages with several instances; {tag} is made DNS-safe',
    placeholder: '{stage}-{project}-{tag}',
  },
];

/** Global workload settings (saved together, checked with the settings schema) and each host's proxy. */
export function WorkloadSettingsSection() {
  const { data } = useSettings();
  return (
    <Stack gap="lg" role="region" aria-label="Workloads">
      <Title order={4}>Workloads</Title>
      {data && <GlobalWorkloadSettings key={JSON.stringify(pick(data))} settings={data} />}
      <ProxySettingsPanel />
    </Stack>
  );
}

function pick(settings: Settings): Record<WorkloadKey, string> {
  return {
    workloadDomain: settings.workloadDomain,
    workloadNetwork: settings.workloadNetwork,
    subdomainPattern: settings.subdomainPattern,
    tagSubdomainPattern: settings.tagSubdomainPattern,
  };
}

function GlobalWorkloadSettings({ settings }: { settings: Settings }) {
  const saved = pick(settings);
  const [values, setValues] = useState(saved);
  const [errors, setErrors] = useState<Partial<Record<WorkloadKey, string>>>({});
  const update = useUpdateSettings();
  const changed = FIELDS.some(({ key }) => values[key] !== saved[key]);
  const save = () => {
    const found: Partial<Record<WorkloadKey, string>> = {};
    for (const { key } of FIELDS) {
      const result = settingsSchema.shape[key].safeParse(values[key]);
      if (!result.success) found[key] = patternMessage(key, result.error.issues[0]?.message);
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const patch = Object.fromEntries(
      FIELDS.filter(({ key }) => values[key] !== saved[key]).map(({ key }) => [key, values[key].trim()]),
    );
    update.mutate(patch);
  };
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {FIELDS.map(({ key, label, description, placeholder }) => (
          <TextInput
            key={key}
            label={label}
            description={description}
            placeholder={placeholder}
            value={values[key]}
            error={errors[key]}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setValues((current) => ({ ...current, [key]: value }));
              setErrors((current) => ({ ...current, [key]: undefined }));
            }}
          />
        ))}
      </SimpleGrid>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {values.workloadDomain.trim() === ''
            ? 'Without a domain, instances get no URL.'
            : `e.g. ${values.subdomainPattern.replace('{stage}', 'dev').replace('{project}', 'web')}.${values.workloadDomain.trim()}`}
        </Text>
        <Button size="xs" onClick={save} disabled={!changed} loading={update.isPending}>
          Save workload settings
        </Button>
      </Group>
    </Stack>
  );
}

/** zod's `includes` message names the raw substring; say which placeholder is missing in words. */
function patternMessage(key: WorkloadKey, message: string | undefined): string {
  if (key === 'subdomainPattern') return 'Must contain {project} (and usually {stage})';
  if (key === 'tagSubdomainPattern') return 'Must contain {tag}';
  return message ?? 'Invalid value';
}
