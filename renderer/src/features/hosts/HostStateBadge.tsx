import { Badge } from '@mantine/core';
import type { HostStatus } from '@shared/schemas/hosts';
import { stateLook } from './host-state';

export function HostStateBadge({ status }: { status: HostStatus | undefined }) {
  const look = stateLook(status?.state);
  return (
    <Badge color={look.color} variant="light" radius="sm">
      {look.label}
    </Badge>
  );
}
