import { Paper, Tabs, Text } from '@mantine/core';
import { ImagesPanel } from './ImagesPanel';
import { NetworksPanel } from './NetworksPanel';
import { VolumesPanel } from './VolumesPanel';

/** The host's images, volumes and networks, one tab each; a tab loads when it is first opened. */
export function HostResourcesCard({ hostId, connected }: { hostId: string; connected: boolean }) {
  return (
    <Paper component="section" withBorder p="lg" aria-label="Images, volumes and networks">
      {!connected && (
        <Text size="sm" c="dimmed" mb="sm">
          Images, volumes and networks are shown once the host is connected.
        </Text>
      )}
      <Tabs defaultValue="images" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="images">Images</Tabs.Tab>
          <Tabs.Tab value="volumes">Volumes</Tabs.Tab>
          <Tabs.Tab value="networks">Networks</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="images">
          <ImagesPanel hostId={hostId} connected={connected} />
        </Tabs.Panel>
        <Tabs.Panel value="volumes">
          <VolumesPanel hostId={hostId} connected={connected} />
        </Tabs.Panel>
        <Tabs.Panel value="networks">
          <NetworksPanel hostId={hostId} connected={connected} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
