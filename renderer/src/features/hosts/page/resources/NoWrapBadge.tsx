import { Badge, type BadgeProps } from '@mantine/core';

/** A badge that keeps its whole label: it never shrinks or ends in an ellipsis in a narrow cell. */
export function NoWrapBadge(props: BadgeProps & { children: string }) {
  return (
    <Badge
      variant="light"
      radius="sm"
      size="sm"
      {...props}
      style={{ flexShrink: 0, maxWidth: 'none', overflow: 'visible' }}
      styles={{ label: { overflow: 'visible', textOverflow: 'clip' } }}
    />
  );
}
