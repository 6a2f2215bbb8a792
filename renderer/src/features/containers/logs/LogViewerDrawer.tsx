import { Drawer } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { LogViewer } from './LogViewer';
import { ProjectLogViewer } from './ProjectLogViewer';

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

/** A compose project's merged log, as the single-container drawer shows one container's. */
export function ProjectLogDrawer({
  project,
  containers,
  onClose,
}: {
  project: string | null;
  containers: Container[];
  onClose(): void;
}) {
  return (
    <Drawer
      opened={project !== null}
      onClose={onClose}
      position="right"
      size="min(1100px, 85vw)"
      title={project ? `Logs — project ${project}` : 'Logs'}
      styles={{ body: { height: 'calc(100% - 60px)', display: 'flex', flexDirection: 'column' } }}
    >
      {project && <ProjectLogViewer project={project} containers={containers} />}
    </Drawer>
  );
}
