import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRocket } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import type { UpdateEntry } from '@shared/schemas/updates';
import { useStartDeploy } from '../../api/deploys';

/**
 * Starts a health-gated update of the entry's container. With several kinds of newer versions on offer
 * (patch, minor, major) the user picks one, safest first; a digest update redeploys the same tag.
 */
export function UpdateNowButton({ entry }: { entry: UpdateEntry }) {
  const start = useStartDeploy();
  const navigate = useNavigate();
  const deploy = (tag: string) =>
    start.mutate(
      { hostId: entry.hostId, containerName: entry.containerName, tag },
      {
        onSuccess: () => {
          notifications.show({
            color: 'blue',
            title: `Updating ${entry.containerName}`,
            message: `To ${tag}, behind its health check; the old version comes back if it fails.`,
          });
          void navigate('/deployments');
        },
      },
    );
  const button = (onClick?: () => void) => (
    <Button
      size="compact-xs"
      variant="light"
      leftSection={<IconRocket size={14} />}
      loading={start.isPending}
      aria-label={`Update ${entry.containerName}`}
      onClick={onClick}
    >
      Update
    </Button>
  );
  if (entry.steps.length <= 1) return button(() => deploy(entry.availableTag));
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>{button()}</Menu.Target>
      <Menu.Dropdown aria-label={`Versions for ${entry.containerName}`}>
        <Menu.Label>Update to</Menu.Label>
        {entry.steps.map((step) => (
          <Menu.Item key={step.tag} onClick={() => deploy(step.tag)}>
            {step.tag} ({step.kind})
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
