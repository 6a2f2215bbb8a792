import { Stack, Switch, Title } from '@mantine/core';
import type { UpdatesSettings } from '@shared/schemas/updates';
import { useSettings, useUpdateSettings } from '../../api/settings';

const SWITCHES: Array<{ key: keyof UpdatesSettings; label: string; description: string }> = [
  {
    key: 'watchByDefault',
    label: 'Watch containers by default',
    description: 'Off: only containers labelled diun.enable=true or wud.watch=true are checked.',
  },
  {
    key: 'includePrereleases',
    label: 'Include pre-releases',
    description: 'Offer tags like 2.0.0-rc1 as updates.',
  },
  {
    key: 'desktopNotifications',
    label: 'Desktop notifications',
    description: 'Notify when new updates are found (desktop app).',
  },
];

export function UpdateWatchSettings() {
  const { data } = useSettings();
  const update = useUpdateSettings();
  if (!data) return null;
  return (
    <Stack gap="sm">
      <Title order={4}>Update checks</Title>
      {SWITCHES.map(({ key, label, description }) => (
        <Switch
          key={key}
          label={label}
          description={description}
          checked={
            update.isPending && update.variables[key] !== undefined ? update.variables[key] : data[key]
          }
          onChange={(event) => update.mutate({ [key]: event.currentTarget.checked })}
        />
      ))}
    </Stack>
  );
}
