/** Keyboard navigation of the main lists: which keys are the list's, and where the active row goes. */
import { describe, expect, it } from 'vitest';
import { listKeyAction, moveActive, type KeyLike } from '../../renderer/src/components/list-keys';

/** Enough of an Element for `closest`: the selectors it matches stand for where the key was typed. */
function typedIn(matches: (selector: string) => boolean): EventTarget {
  return { closest: (selector: string) => (matches(selector) ? {} : null) } as unknown as EventTarget;
}
const press = (key: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  target: typedIn(() => false),
  ...extra,
});

describe('list keys', () => {
  it('maps j/k, arrows, Home/End, Enter and x on the page; / stays the search across hosts', () => {
    expect(
      ['j', 'ArrowDown', 'k', 'ArrowUp', 'Home', 'End', 'Enter', 'x'].map((key) => listKeyAction(press(key))),
    ).toEqual(['next', 'next', 'previous', 'previous', 'first', 'last', 'open', 'toggle']);
    expect(listKeyAction(press('q'))).toBeNull();
    expect(listKeyAction(press('/'))).toBeNull();
  });

  it('leaves keys typed into a field, or held with a modifier, alone', () => {
    expect(
      listKeyAction(press('j', { target: typedIn((selector) => selector.includes('input')) })),
    ).toBeNull();
    expect(
      listKeyAction(press('k', { target: typedIn((selector) => selector.includes('.xterm')) })),
    ).toBeNull();
    // A drawer or dialog over the list (a log) keeps its keys.
    expect(
      listKeyAction(press('j', { target: typedIn((selector) => selector.includes('[role="dialog"]')) })),
    ).toBeNull();
    expect(listKeyAction(press('j', { ctrlKey: true }))).toBeNull();
    expect(listKeyAction(press('k', { metaKey: true }))).toBeNull();
    expect(listKeyAction(press('x', { altKey: true }))).toBeNull();
    expect(listKeyAction(press('j', { target: null }))).toBe('next');
  });

  it('moves within the list and never past its ends', () => {
    expect(moveActive(-1, 'next', 3)).toBe(0);
    expect(moveActive(0, 'next', 3)).toBe(1);
    expect(moveActive(2, 'next', 3)).toBe(2);
    expect(moveActive(0, 'previous', 3)).toBe(0);
    expect(moveActive(-1, 'previous', 3)).toBe(0);
    expect(moveActive(1, 'last', 3)).toBe(2);
    expect(moveActive(2, 'first', 3)).toBe(0);
    expect(moveActive(5, 'open', 3)).toBe(2);
    expect(moveActive(1, 'next', 0)).toBe(-1);
  });
});
