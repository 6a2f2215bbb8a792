import { IconArrowBackUp } from '@tabler/icons-react';
import type { Container } from '@shared/schemas/containers';
import type { Deploy } from '@shared/schemas/deploys';
import { useContainerDeploys } from '../../../api/deploys';
import { rollBackTarget } from './last-done-deploy';
import { MenuAction } from './MenuAction';

/** Offered when the container's newest finished deploy recorded what it replaced; otherwise says why not. */
export function RollBackItem({
  container,
  onChoose,
}: {
  container: Container;
  onChoose(deploy: Deploy): void;
}) {
  // Mounted only while the menu is open; deploy events keep the history fresh.
  const history = useContainerDeploys(container.hostId, container.name, true);
  const { deploy, why } = history.data
    ? rollBackTarget(history.data)
    : {
        deploy: null,
        why: history.isError ? 'The deploy history could not be read' : 'Reading the deploy history…',
      };
  return (
    <MenuAction icon={<IconArrowBackUp size={14} />} why={why} onClick={() => deploy && onChoose(deploy)}>
      Roll back…
    </MenuAction>
  );
}
