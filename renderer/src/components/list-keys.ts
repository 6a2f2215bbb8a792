/**
 * Keyboard navigation for the main lists, as in mail clients and Lazydocker: j/k (or the arrow keys) move
 * the active row, Enter opens it, x selects it (`/` and Ctrl K stay the search across every host). Keys typed
 * into a field, or with Ctrl/Alt/Meta held, are the field's or the browser's, never the list's.
 */
export type ListKeyAction = 'next' | 'previous' | 'first' | 'last' | 'open' | 'toggle';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  /** Where the key was typed. */
  target: EventTarget | null;
}

const KEYS: Record<string, ListKeyAction> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Home: 'first',
  End: 'last',
  Enter: 'open',
  x: 'toggle',
};

export function listKeyAction(event: KeyLike): ListKeyAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (isTypingTarget(event.target)) return null;
  return KEYS[event.key] ?? null;
}

/** Fields, editors, open menus and dialogs (a log drawer over the list) keep their keys. */
function isTypingTarget(target: EventTarget | null): boolean {
  // Structural, not `Element`: this module is also checked (and tested) without the DOM's types.
  const element = target as { closest?: (selector: string) => unknown } | null;
  if (typeof element?.closest !== 'function') return false;
  const typing =
    'input, textarea, select, [contenteditable="true"], [role="listbox"], [role="menu"], [role="dialog"], .xterm';
  return element.closest(typing) !== null;
}

/** The next active index: clamped to the list; -1 (nothing active) moves to the first row. */
export function moveActive(active: number, action: ListKeyAction, count: number): number {
  if (count === 0) return -1;
  if (action === 'first') return 0;
  if (action === 'last') return count - 1;
  if (action === 'next') return Math.min(count - 1, active + 1);
  if (action === 'previous') return Math.max(0, active - 1);
  return Math.min(active, count - 1);
}
