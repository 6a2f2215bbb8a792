import type { ReactNode } from 'react';
import classes from './RowTip.module.css';

/** A light tooltip (CSS only) around one icon button of a dense row; see RowTip.module.css for why. */
export function RowTip({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className={classes.tip} data-tip={label}>
      {children}
    </span>
  );
}
