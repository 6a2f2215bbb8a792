import { Paper, Text, Title } from '@mantine/core';

/** Takes the engine card's place for a host saved as "no Docker engine": says so instead of an error. */
export function SshOnlyCard() {
  return (
    <Paper withBorder p="lg" aria-label="SSH only">
      <Title order={3} size="h5" mb="md">
        SSH only
      </Title>
      <Text size="sm">This host has no Docker engine: Tidewatch uses it over SSH only, as a jump host.</Text>
      <Text size="sm" c="dimmed" mt="xs">
        It has no containers to list or update. If Docker is installed later, untick &quot;This host has no
        Docker engine&quot; in Edit.
      </Text>
    </Paper>
  );
}
