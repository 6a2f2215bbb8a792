import Anser from 'anser';

/** A run of a log line with one look: its ANSI colour and decoration, and whether it matches the search. */
export interface LogSegment {
  text: string;
  color: string | null;
  background: string | null;
  bold: boolean;
  match: boolean;
}

/** Docker's `--timestamps` prefix: RFC 3339 with nanoseconds, in UTC, then one space. */
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/** Splits Docker's timestamp off a line; `at` is null when the line has none. */
export function splitTimestamp(line: string): { at: Date | null; rest: string } {
  const match = TIMESTAMP.exec(line);
  if (!match?.[1]) return { at: null, rest: line };
  const at = new Date(match[1]);
  return Number.isNaN(at.getTime()) ? { at: null, rest: line } : { at, rest: line.slice(match[0].length) };
}

/** The text without ANSI escapes: what search, copy and download see. */
export function plainText(line: string): string {
  return Anser.ansiToText(line);
}

/**
 * The line as coloured runs (ANSI SGR colours and bold), each split further where the search matches
 * (case-insensitive), so matches can be marked without losing colours.
 */
export function logSegments(line: string, search: string): LogSegment[] {
  const runs = Anser.ansiToJson(line, { json: true, remove_empty: true });
  const needle = search.toLowerCase();
  const segments: LogSegment[] = [];
  for (const run of runs) {
    const look = {
      color: run.fg ? `rgb(${run.fg})` : null,
      background: run.bg ? `rgb(${run.bg})` : null,
      bold: run.decorations.includes('bold'),
    };
    for (const piece of splitMatches(run.content, needle)) segments.push({ ...look, ...piece });
  }
  return segments;
}

function splitMatches(text: string, needle: string): Array<{ text: string; match: boolean }> {
  if (needle === '') return [{ text, match: false }];
  const pieces: Array<{ text: string; match: boolean }> = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) pieces.push({ text: text.slice(from, at), match: false });
    pieces.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from), match: false });
  return pieces;
}

/** Indexes of the lines whose text (without escapes) contains the search, case-insensitive. */
export function matchingLines(lines: ReadonlyArray<{ text: string }>, search: string): number[] {
  const needle = search.toLowerCase();
  if (needle === '') return [];
  const found: number[] = [];
  lines.forEach((line, index) => {
    if (plainText(line.text).toLowerCase().includes(needle)) found.push(index);
  });
  return found;
}
