import { Badge } from '@mantine/core';
import type { Container, ContainerState } from '@shared/schemas/containers';
import table from '../../../components/LightTable.module.css';

const STATE_COLORS: Record<ContainerState, string> = {
  running: 'teal',
  restarting: 'yellow',
  paused: 'blue',
  created: 'gray',
  exited: 'gray',
  removing: 'orange',
  dead: 'red',
};

const HEALTH_COLORS = { healthy: 'teal', unhealthy: 'red', starting: 'yellow' } as const;

/**
 * Never cut short: in a narrow column the health badge moves under the state instead. The label too, as
 * Mantine's label clips (overflow hidden) and a squeezed column would shrink it to its padding.
 */
const WHOLE = { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } } as const;

export function ContainerStateBadge({ container }: { container: Container }) {
  return (
    <div className={table.badges}>
      <Badge color={STATE_COLORS[container.state]} variant="light" radius="sm" styles={WHOLE}>
        {container.state}
      </Badge>
      {container.health !== 'none' && (
        <Badge color={HEALTH_COLORS[container.health]} variant="outline" radius="sm" styles={WHOLE}>
          {container.health}
        </Badge>
      )}
    </div>
  );
}
