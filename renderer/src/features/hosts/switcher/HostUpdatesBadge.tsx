import { Badge, Tooltip } from '@mantine/core';

/** The number of image updates waiting on a host; nothing when there are none. */
export function HostUpdatesBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  const label = `${count} pending update${count === 1 ? '' : 's'}`;
  return (
    <Tooltip label={label} withArrow openDelay={300}>
      <Badge size="sm" variant="filled" color="blue" circle={count < 10} aria-label={label}>
        {count}
      </Badge>
    </Tooltip>
  );
}
