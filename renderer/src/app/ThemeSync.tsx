import { useMantineColorScheme } from '@mantine/core';
import { useEffect } from 'react';
import { useSettings } from '../api/settings';

/**
 * Applies the theme from the settings as soon as they load or change (from this window or another).
 * Mantine also remembers it locally, so the next start paints in the right scheme before the core answers.
 */
export function ThemeSync() {
  const { data: settings } = useSettings();
  const { setColorScheme } = useMantineColorScheme();
  const theme = settings?.theme;
  useEffect(() => {
    if (theme) setColorScheme(theme);
  }, [theme, setColorScheme]);
  return null;
}
