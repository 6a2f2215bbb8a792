import { Box, Group, Text, UnstyledButton } from '@mantine/core';
import type { Host, HostStatus } from '@shared/schemas/hosts';
import { memo } from 'react';
import { hostColorCss } from '../host-color';
import { stateLook } from '../host-state';
import { HostStatusDot } from '../HostStatusDot';
import { HostUpdatesBadge } from './HostUpdatesBadge';
import classes from './HostSwitcherItem.module.css';
import { hostEndpoint } from '../host-endpoint';

interface HostSwitcherItemProps {
  host: Host;
  status: HostStatus | undefined;
  active: boolean;
  pendingUpdates: number;
  /** Stable across renders, so switching hosts redraws only the two items whose `active` changed. */
  onSelect(host: Host): void;
  /** e.g. `Alt+1`: the keys that switch to this host, announced to assistive technology and shown on hover. */
  shortcut?: string;
}

export const HostSwitcherItem = memo(function HostSwitcherItem({
  host,
  status,
  active,
  pendingUpdates,
  onSelect,
  shortcut,
}: HostSwitcherItemProps) {
  return (
    <UnstyledButton
      className={classes.item}
      data-active={active || undefined}
      onClick={() => onSelect(host)}
      aria-current={active ? 'true' : undefined}
      aria-label={`${host.name}, ${stateLook(status?.state).label}`}
      aria-keyshortcuts={shortcut}
      title={shortcut}
    >
      <Group gap="sm" wrap="nowrap">
        {host.color && (
          <Box className={classes.colorBar} style={{ background: hostColorCss(host.color) }} aria-hidden />
        )}
        <HostStatusDot status={status} />
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={500} truncate>
            {host.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {hostEndpoint(host)}
          </Text>
        </Box>
        <HostUpdatesBadge count={pendingUpdates} />
      </Group>
    </UnstyledButton>
  );
});
