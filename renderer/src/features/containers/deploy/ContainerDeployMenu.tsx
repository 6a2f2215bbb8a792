import { ActionIcon, Menu } from '@mantine/core';
import { IconListDetails, IconRepeat, IconRocket } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { Container } from '@shared/schemas/containers';
import type { Deploy } from '@shared/schemas/deploys';
import { useRollBackDeploy, useStartDeploy } from '../../../api/deploys';
import { RowMenuButton, useOpenedOnMount } from '../../../components/RowMenuButton';
import { RowTip } from '../../../components/RowTip';
import { ConfirmActionModal } from '../actions/ConfirmActionModal';
import { redeployTag } from './image-tag';
import { MenuAction } from './MenuAction';
import { RollBackItem } from './RollBackItem';
import { UpdateToModal } from './UpdateToModal';
import { useFollowDeploy } from './use-follow-deploy';

type Open = 'update-to' | 'redeploy' | 'roll-back' | null;

/** Where a deploy of one container starts: another tag, the same tag again, or back to the one before. */
export function ContainerDeployMenu({ container }: { container: Container }) {
  const [asked, setAsked] = useState(false);
  if (asked) return <DeployMenu container={container} />;
  return (
    <RowMenuButton
      label={`Deploy ${container.name}`}
      tip="Deploy"
      color="blue"
      icon={<IconRocket size={16} />}
      onClick={() => setAsked(true)}
    />
  );
}

/** The menu itself, its deploy calls and dialogs: mounted on the first click of the row's button. */
function DeployMenu({ container }: { container: Container }) {
  const name = container.name;
  const button = useRef<HTMLButtonElement>(null);
  const [menuOpened, setMenuOpened] = useOpenedOnMount(button);
  const [open, setOpen] = useState<Open>(null);
  const [target, setTarget] = useState<Deploy | null>(null);
  const start = useStartDeploy();
  const rollBack = useRollBackDeploy();
  const follow = useFollowDeploy();
  const tag = redeployTag(container.image);
  const close = () => setOpen(null);
  const redeploy = () => {
    close();
    start.mutate(
      { hostId: container.hostId, containerName: name },
      { onSuccess: () => follow(`Redeploying ${name}`, `${tag} pulled again, behind its health check.`) },
    );
  };
  const goBack = (deploy: Deploy) => {
    close();
    rollBack.mutate(
      { id: deploy.id },
      {
        onSuccess: () =>
          follow(`Rolling ${name} back`, `To ${deploy.previousImage}, behind its health check.`),
      },
    );
  };
  return (
    <>
      <RowTip label="Deploy">
        <Menu position="bottom-end" withinPortal opened={menuOpened} onChange={setMenuOpened}>
          <Menu.Target>
            <ActionIcon
              ref={button}
              variant="subtle"
              color="blue"
              aria-label={`Deploy ${name}`}
              loading={start.isPending || rollBack.isPending}
            >
              <IconRocket size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown aria-label={`Deploy ${name}`}>
            <MenuAction icon={<IconListDetails size={14} />} why={null} onClick={() => setOpen('update-to')}>
              Update to…
            </MenuAction>
            <MenuAction
              icon={<IconRepeat size={14} />}
              why={tag ? null : 'It runs a pinned digest: choose a tag with Update to…'}
              onClick={() => setOpen('redeploy')}
            >
              Redeploy…
            </MenuAction>
            <RollBackItem
              container={container}
              onChoose={(deploy) => {
                setTarget(deploy);
                setOpen('roll-back');
              }}
            />
          </Menu.Dropdown>
        </Menu>
      </RowTip>
      <UpdateToModal container={container} opened={open === 'update-to'} onClose={close} />
      <ConfirmActionModal
        opened={open === 'redeploy'}
        onClose={close}
        title={`Redeploy ${name}?`}
        body={`Pulls ${tag} again and replaces the container behind its health check; the old one comes back if the new one fails.`}
        confirmLabel="Redeploy"
        onConfirm={redeploy}
      />
      <ConfirmActionModal
        opened={open === 'roll-back' && target !== null}
        onClose={close}
        title={`Roll ${name} back?`}
        body={`Goes back to ${target?.previousImage ?? ''}, the version before deploy ${target?.id ?? ''}, behind its health check; the current one comes back if it fails.`}
        confirmLabel="Roll back"
        onConfirm={() => target && goBack(target)}
      />
    </>
  );
}
