import { Badge, Tooltip } from '@mantine/core';
import { useConnectionStatus } from '../../api/context';
import type { ConnectionState } from '../../api/connection-status';

const LOOK: Record<ConnectionState, { color: string; label: string }> = {
  open: { color: 'teal', label: 'Connected' },
  connecting: { color: 'yellow', label: 'Connecting…' },
  closed: { color: 'red', label: 'Disconnected' },
  unauthorized: { color: 'red', label: 'Access token refused' },
};

/** Whether the renderer can reach the core (always true over IPC; the WebSocket can drop). */
export function ConnectionBadge() {
  const { state, reason, kind } = useConnectionStatus();
  const look = LOOK[state];
  const detail =
    (state === 'closed' || state === 'unauthorized') && reason
      ? reason
      : `Core reached over ${kind === 'ipc' ? 'IPC' : 'WebSocket'}`;
  return (
    <Tooltip label={detail} multiline maw={320} withArrow>
      <Badge color={look.color} variant="dot" size="lg" aria-label={`Core connection: ${look.label}`}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
