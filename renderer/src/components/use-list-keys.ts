import { useEffect, useRef, useState } from 'react';
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
  const [active, setActive] = useState(-1);
  // The listener is installed once; it reads the latest props through this ref.
  const latest = useRef({ count, onOpen, onToggle, scrollTo, active });
  useEffect(() => {
    latest.current = { count, onOpen, onToggle, scrollTo, active };
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = listKeyAction(event);
      if (!action) return;
      const current = latest.current;
      if (current.count === 0) return;
      // Enter on a focused button or link is that control's; the list only takes it from the page itself.
      if (action === 'open' && event.target instanceof Element && event.target.closest('button, a')) return;
      event.preventDefault();
      if (action === 'open') {
        if (current.active >= 0) current.onOpen(current.active);
        return;
      }
      if (action === 'toggle') {
        if (current.active >= 0) current.onToggle?.(current.active);
        return;
      }
      const next = moveActive(current.active, action, current.count);
      setActive(next);
      current.scrollTo?.(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return active >= count ? count - 1 : active;
}
