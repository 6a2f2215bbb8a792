import { splitTimestamp } from './log-format';
import { capLines, type LogLine } from './log-lines';

/**
 * Adds lines of several containers to a merged log in time order. Each stream arrives in order, and
 * streams mostly keep pace, so a batch is usually appended as it is; only when it reaches back before the
 * last line is the whole log sorted again (by time, then arrival).
 */
export function mergeByTime(current: LogLine[], added: LogLine[]): LogLine[] {
  if (added.length === 0) return current;
  const sortedAdded = [...added].sort(byTime);
  const last = current.at(-1);
  const first = sortedAdded[0];
  const inOrder = !last || !first || byTime(last, first) <= 0;
  const merged = current.concat(sortedAdded);
  return capLines(inOrder ? merged : merged.sort(byTime));
}

function byTime(a: LogLine, b: LogLine): number {
  return (a.at ?? 0) - (b.at ?? 0) || a.id - b.id;
}

/**
 * A line of a merged stream: Docker's timestamp (always asked for, it orders the merge) is kept as `at`,
 * and left in the text only when the user wants to see it.
 */
export function mergedLine(
  id: number,
  raw: string,
  stream: LogLine['stream'],
  source: number,
  showTime: boolean,
): LogLine {
  const { at, rest } = splitTimestamp(raw);
  return { id, text: showTime || !at ? raw : rest, stream, source, at: at?.getTime() ?? 0 };
}
