import { Switch } from '@mantine/core';
import { useUpdateSettings } from '../../api/settings';

export function CloseToTraySwitch({ value }: { value: boolean }) {
  const update = useUpdateSettings();
  const shown =
    update.isPending && update.variables.closeToTray !== undefined ? update.variables.closeToTray : value;
  return (
    <Switch
      label="Close to tray"
      description="Closing the window keeps Tidewatch running in the system tray, so it can keep checking for updates."
      checked={shown}
      onChange={(event) => update.mutate({ closeToTray: event.currentTarget.checked })}
    />
  );
}
