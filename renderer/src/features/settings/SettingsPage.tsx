import { Alert, Divider, Loader, Paper, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage } from '../../api/query-client';
import { useSettings } from '../../api/settings';
import { PageHeader } from '../../components/PageHeader';
import { CloseToTraySwitch } from './CloseToTraySwitch';
import { KeepOldContainersInput } from './KeepOldContainersInput';
import { PollIntervalInput } from './PollIntervalInput';
import { NotifiersSection } from './notifiers/NotifiersSection';
import { RegistriesSection } from './registries/RegistriesSection';
import { ThemeControl } from './ThemeControl';
import { UpdateWatchSettings } from './UpdateWatchSettings';
import { WorkloadSettingsSection } from './workloads/WorkloadSettingsSection';

/** Every control saves on its own as soon as it changes (the number input on blur or Enter). */
export function SettingsPage() {
  const { data: settings, error, isPending } = useSettings();
  return (
    <>
      <PageHeader title="Settings" description="Changes are saved as you make them." />
      {isPending && <Loader aria-label="Loading settings" />}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Settings could not be loaded">
          {errorMessage(error)}
        </Alert>
      )}
      {settings && (
        <Paper withBorder p="lg" maw={640}>
          <Stack gap="lg">
            <ThemeControl value={settings.theme} />
            <Divider />
            <PollIntervalInput value={settings.defaultPollIntervalMinutes} />
            <Divider />
            <CloseToTraySwitch value={settings.closeToTray} />
            <Divider />
            <KeepOldContainersInput value={settings.keepOldContainers} />
          </Stack>
        </Paper>
      )}
      <Paper withBorder p="lg" maw={640} mt="lg">
        <UpdateWatchSettings />
      </Paper>
      <Paper withBorder p="lg" maw={860} mt="lg">
        <RegistriesSection />
      </Paper>
      <Paper withBorder p="lg" maw={860} mt="lg">
        <NotifiersSection />
      </Paper>
      <Paper withBorder p="lg" maw={860} mt="lg">
        <WorkloadSettingsSection />
      </Paper>
    </>
  );
}
