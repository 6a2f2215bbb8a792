import { Box, Tooltip } from '@mantine/core';
import type { HostStatus } from '@shared/schemas/hosts';
import { stateLook } from './host-state';

/** A coloured dot for a host's connection state; the tooltip and label carry the reason. */
export function HostStatusDot({ status, size = 10 }: { status: HostStatus | undefined; size?: number }) {
  const look = stateLook(status?.state);
  const label = status?.reason ? `${look.label}: ${status.reason}` : look.label;
  return (
    <Tooltip label={label} multiline maw={320} withArrow openDelay={300}>
      <Box
        role="img"
        aria-label={look.label}
        w={size}
        h={size}
        style={{
          flex: 'none',
          borderRadius: '50%',
          background: `var(--mantine-color-${look.color}-filled)`,
          boxShadow:
            status?.state === 'connecting' ? `0 0 0 3px var(--mantine-color-${look.color}-light)` : undefined,
        }}
      />
    </Tooltip>
  );
}
