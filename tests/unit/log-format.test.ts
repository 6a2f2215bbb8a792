/** Log lines as the viewer draws them: ANSI colours kept, search matches marked, Docker timestamps read. */
import { describe, expect, it } from 'vitest';
import {
  logSegments,
  matchingLines,
  plainText,
  splitTimestamp,
} from '../../renderer/src/features/containers/logs/log-format';

const RED_ERROR = '\u001b[31mERROR\u001b[0m disk full on /data';

describe('log lines', () => {
  it('keeps ANSI colours as runs and strips them for plain text', () => {
    expect(plainText(RED_ERROR)).toBe('ERROR disk full on /data');
    const segments = logSegments(RED_ERROR, '');
    expect(segments.map((segment) => segment.text).join('')).toBe('ERROR disk full on /data');
    expect(segments[0]).toMatchObject({ text: 'ERROR', match: false });
    expect(segments[0]?.color).toMatch(/^rgb\(\d+, ?\d+, ?\d+\)$/);
    expect(segments[1]).toMatchObject({ text: ' disk full on /data', color: null });
  });

  it('marks every case-insensitive match inside each colour run', () => {
    const segments = logSegments(RED_ERROR, 'error');
    expect(segments[0]).toMatchObject({ text: 'ERROR', match: true });
    expect(
      logSegments('a-b-A', 'a')
        .filter((segment) => segment.match)
        .map((s) => s.text),
    ).toEqual(['a', 'A']);
    expect(matchingLines([{ text: RED_ERROR }, { text: 'ok' }, { text: 'Error again' }], 'error')).toEqual([
      0, 2,
    ]);
    // An escape sequence never matches a search for its own characters.
    expect(matchingLines([{ text: RED_ERROR }], '31m')).toEqual([]);
  });

  it("reads Docker's timestamp prefix, and leaves lines without one alone", () => {
    const { at, rest } = splitTimestamp('2026-12-03T10:00:01.123456789Z listening on :8080');
    expect(at?.toISOString()).toBe('2026-12-03T10:00:01.123Z');
    expect(rest).toBe('listening on :8080');
    expect(splitTimestamp('listening on :8080')).toEqual({ at: null, rest: 'listening on :8080' });
  });
});
