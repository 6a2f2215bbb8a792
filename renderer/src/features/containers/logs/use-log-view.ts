import { useMemo, useState } from 'react';
import { matchingLines } from './log-format';
import type { LogLine } from './log-lines';
import type { LogView } from './LogTools';

/** The viewer's own state over the lines it shows: wrap, the search, its matches and the current one. */
export function useLogView(lines: readonly LogLine[]) {
  const [view, setView] = useState<LogView>({ wrap: true, search: '', match: 0 });
  const matches = useMemo(() => matchingLines(lines, view.search), [lines, view.search]);
  const current = matches.length > 0 ? (matches[Math.min(view.match, matches.length - 1)] ?? null) : null;
  return { view, setView, matches, current };
}
