import { useEffect, useState, type ReactNode, type RefObject } from 'react';
import { RowIconButton } from './RowIconButton';
import { RowTip } from './RowTip';

interface RowMenuButtonProps {
  label: string;
  tip: string;
  icon: ReactNode;
  color?: string;
  onClick(): void;
}

/**
 * The button of a row's menu before the menu was ever opened. A Mantine Menu costs floating-element hooks
 * and its items' state per row, two menus a row at hundreds of rows: the row draws this light button, and
 * the real menu (see useOpenedOnMount) replaces it on the first click.
 */
export function RowMenuButton({ label, tip, icon, color = 'gray', onClick }: RowMenuButtonProps) {
  return (
    <RowTip label={tip}>
      <RowIconButton label={label} icon={icon} color={color} onClick={onClick} />
    </RowTip>
  );
}

/**
 * A menu that replaces its RowMenuButton opens as it mounts. Its button is a new element, so the focus moves
 * to it first: closing the menu then gives the focus back to the button the user pressed, as it looks.
 */
export function useOpenedOnMount(
  target: RefObject<HTMLElement | null>,
): [boolean, (opened: boolean) => void] {
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    target.current?.focus();
    // Opened in the next frame, once the focus is on the new button the menu hands it back to.
    const frame = requestAnimationFrame(() => setOpened(true));
    return () => cancelAnimationFrame(frame);
  }, [target]);
  return [opened, setOpened];
}
