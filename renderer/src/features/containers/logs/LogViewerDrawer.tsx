import { Drawer } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { LogViewer } from './LogViewer';

/** The log viewer slides in over the list; closing it unmounts the viewer, which stops the stream. */
export function LogViewerDrawer({ container, onClose }: { container: Container | null; onClose(): void }) {
  return (
    <Drawer
      opened={container !== null}
      onClose={onClose}
      position="right"
      size="min(1100px, 85vw)"
      title={container ? `Logs — ${container.name}` : 'Logs'}
      styles={{ body: { height: 'calc(100% - 60px)', display: 'flex', flexDirection: 'column' } }}
    >
      {container && <LogViewer container={container} />}
    </Drawer>
  );
}
