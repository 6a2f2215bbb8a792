/** The lines a log viewer holds, and how many it keeps. Free of React, so unit tests use it directly. */

export interface LogLine {
  id: number;
  text: string;
  stream: 'stdout' | 'stderr';
  /** In a merged log: which container the line is from (an index into the viewer's sources). */
  source?: number;
  /** In a merged log: Docker's timestamp (ms), the merge order. */
  at?: number;
}

export type LogStreamState = 'starting' | 'streaming' | 'ended' | 'error';

/** Enough for a long session; older lines are dropped so a chatty container cannot exhaust memory. */
export const MAX_LINES = 50_000;

/** Drops the oldest lines past MAX_LINES. */
export function capLines(lines: LogLine[]): LogLine[] {
  return lines.length > MAX_LINES ? lines.slice(lines.length - MAX_LINES) : lines;
}
