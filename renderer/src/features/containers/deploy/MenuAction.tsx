import { Menu, Tooltip } from '@mantine/core';

interface Props {
  icon: React.ReactNode;
  children: React.ReactNode;
  /** Why the action is not available now; null: it is. */
  why: string | null;
  onClick(): void;
}

/**
 * A menu item that, when unavailable, still says why: `data-disabled` keeps the disabled look while the
 * item gets the hover (a `disabled` button gets no mouse events, so no tooltip); a click does nothing.
 */
export function MenuAction({ icon, children, why, onClick }: Props) {
  if (why === null)
    return (
      <Menu.Item leftSection={icon} onClick={onClick}>
        {children}
      </Menu.Item>
    );
  return (
    <Tooltip label={why} withArrow position="left" multiline maw={260}>
      <Menu.Item leftSection={icon} data-disabled aria-disabled closeMenuOnClick={false}>
        {children}
      </Menu.Item>
    </Tooltip>
  );
}
