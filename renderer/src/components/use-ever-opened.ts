import { useState } from 'react';

/**
 * True from the first time `opened` is true on. A list of hundreds of rows, each with its own dialogs,
 * mounts a dialog (and its hooks) only once it is asked for, then keeps it so closing still animates and
 * returns focus.
 */
export function useEverOpened(opened: boolean): boolean {
  const [ever, setEver] = useState(opened);
  if (opened && !ever) setEver(true);
  return ever || opened;
}
