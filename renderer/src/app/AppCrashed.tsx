import { Button, Center, Code, Paper, Stack, Text, Title } from '@mantine/core';
import type { FallbackProps } from 'react-error-boundary';

/** The last resort when something outside a page threw: say so and offer a reload, never a blank window. */
export function AppCrashed({ error }: FallbackProps) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" maw={560} w="100%">
        <Stack>
          <Title order={2}>Tidewatch hit an error it could not recover from</Title>
          <Text size="sm">
            Nothing on your hosts changed. Reloading the window starts the interface again.
          </Text>
          <Code block>{message}</Code>
          <Button onClick={() => window.location.reload()}>Reload the window</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
