import { ActionIcon, Menu, Tooltip } from '@mantine/core';
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
  // An icon like the row's other actions, so the row fits a narrow window; its light fill marks the main one.
  const button = (onClick?: () => void) => (
    <Tooltip label={onClick ? `Update to ${entry.availableTag}` : 'Update to…'} withArrow openDelay={300}>
      <ActionIcon
        variant="light"
        loading={start.isPending}
        aria-label={`Update ${entry.containerName}`}
        onClick={onClick}
      >
        <IconRocket size={16} />
      </ActionIcon>
    </Tooltip>
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
