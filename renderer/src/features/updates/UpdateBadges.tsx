import { Badge } from '@mantine/core';
import type { UpdateKind, UpdateStatus } from '@shared/schemas/updates';

const KIND_COLORS: Record<UpdateKind, string> = {
  digest: 'gray',
  patch: 'teal',
  minor: 'blue',
  major: 'orange',
};
const STATUS_COLORS: Record<UpdateStatus, string> = {
  new: 'blue',
  acknowledged: 'gray',
  snoozed: 'yellow',
  ignored: 'dark',
};

export function KindBadge({ kind }: { kind: UpdateKind }) {
  return (
    <Badge
      color={KIND_COLORS[kind]}
      variant="light"
      size="sm"
      miw="fit-content"
      styles={{ label: { overflow: 'visible' } }}
    >
      {kind}
    </Badge>
  );
}

export function StatusBadge({ status, snoozedUntil }: { status: UpdateStatus; snoozedUntil: string | null }) {
  const title =
    status === 'snoozed' && snoozedUntil ? `until ${new Date(snoozedUntil).toLocaleString()}` : undefined;
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant={status === 'new' ? 'filled' : 'light'}
      size="sm"
      title={title}
      miw="fit-content"
      styles={{ label: { overflow: 'visible' } }}
    >
      {status}
    </Badge>
  );
}
