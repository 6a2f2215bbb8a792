import { SegmentedControl, Stack, Text } from '@mantine/core';
import { THEMES, type Theme } from '@shared/schemas/settings';
import { useId } from 'react';
import { useUpdateSettings } from '../../api/settings';

const LABELS: Record<Theme, string> = { light: 'Light', dark: 'Dark', auto: 'Auto' };

export function ThemeControl({ value }: { value: Theme }) {
  const labelId = useId();
  const update = useUpdateSettings();
  // Show the choice at once; if the save fails the query still holds the old value and we fall back to it.
  const shown = update.isPending && update.variables.theme ? update.variables.theme : value;
  return (
    <Stack gap={6}>
      <Text id={labelId} fw={500} size="sm">
        Theme
      </Text>
      <SegmentedControl<Theme>
        aria-labelledby={labelId}
        data={THEMES.map((theme) => ({ value: theme, label: LABELS[theme] }))}
        value={shown}
        onChange={(theme) => update.mutate({ theme })}
        w="fit-content"
      />
      <Text size="xs" c="dimmed">
        Auto follows your system&apos;s light or dark appearance.
      </Text>
    </Stack>
  );
}
