/** A host's colour is a Mantine palette name or `#rrggbb`; this gives a CSS colour for either. */
export function hostColorCss(color: string | null): string | undefined {
  if (!color) return undefined;
  return color.startsWith('#') ? color : `var(--mantine-color-${color}-filled)`;
}
