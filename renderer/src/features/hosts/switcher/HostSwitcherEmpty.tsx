import { Button, Paper, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';

export function HostSwitcherEmpty({ onAdd }: { onAdd(): void }) {
  return (
    <Paper withBorder p="md" style={{ borderStyle: 'dashed' }}>
      <Stack gap="xs" align="center">
        <Text size="sm" c="dimmed" ta="center">
          No hosts yet. Tidewatch reaches your Docker hosts over SSH.
        </Text>
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={onAdd}>
          Add your first host
        </Button>
      </Stack>
    </Paper>
  );
}
