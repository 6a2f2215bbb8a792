import { useWindowEvent } from '@mantine/hooks';
import { useState } from 'react';
import { listKeyAction, moveActive } from './list-keys';

interface ListKeysOptions {
  count: number;
  /** Enter on the active row. */
  onOpen(index: number): void;
  /** x on the active row (lists with selection). */
  onToggle?(index: number): void;
  /** Keeps the active row in view (a virtualized list scrolls to it). */
  scrollTo?(index: number): void;
}

/** The active row of a list driven by the keyboard (see list-keys.ts); -1 while none is. */
export function useListKeys({ count, onOpen, onToggle, scrollTo }: ListKeysOptions): number {
  const [chosen, setChosen] = useState(-1);
  // The list may have shrunk since the row was chosen.
  const active = Math.min(chosen, count - 1);

  // useWindowEvent keeps one listener that always sees this render's props.
  useWindowEvent('keydown', (event) => {
    const action = listKeyAction(event);
    if (!action || count === 0) return;
    // Enter on a focused button or link is that control's; the list only takes it from the page itself.
    if (action === 'open' && event.target instanceof Element && event.target.closest('button, a')) return;
    event.preventDefault();
    if (action === 'open') {
      if (active >= 0) onOpen(active);
      return;
    }
    if (action === 'toggle') {
      if (active >= 0) onToggle?.(active);
      return;
    }
    const next = moveActive(active, action, count);
    setChosen(next);
    scrollTo?.(next);
  });

  return active;
}
