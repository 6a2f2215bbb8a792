import { Loader } from '@mantine/core';
import type { CSSProperties, ReactNode, Ref } from 'react';
import classes from './RowIconButton.module.css';

interface RowIconButtonProps {
  label: string;
  icon: ReactNode;
  /** A Mantine colour name (gray, red, teal, blue…): the icon and its hover take its light shades. */
  color?: string;
  loading?: boolean;
  onClick(): void;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * An icon button for dense rows: looks as Mantine's subtle ActionIcon, costs a plain `<button>`. The
 * accessible name is `label`; pair it with RowTip for the hover text.
 */
export function RowIconButton({
  label,
  icon,
  color = 'gray',
  loading = false,
  onClick,
  ref,
}: RowIconButtonProps) {
  const look = {
    '--row-icon-color': `var(--mantine-color-${color}-light-color)`,
    '--row-icon-hover': `var(--mantine-color-${color}-light-hover)`,
  } as CSSProperties;
  return (
    <button
      ref={ref}
      type="button"
      className={`mantine-focus-auto ${classes.button}`}
      style={look}
      aria-label={label}
      aria-busy={loading || undefined}
      disabled={loading}
      onClick={onClick}
    >
      {loading ? <Loader size={16} color={color} /> : icon}
    </button>
  );
}
