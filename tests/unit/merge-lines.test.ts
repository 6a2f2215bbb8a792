import { describe, expect, it } from 'vitest';
import { mergeByTime, mergedLine } from '../../renderer/src/features/containers/logs/merge-lines';
import { MAX_LINES } from '../../renderer/src/features/containers/logs/log-lines';

const at = (second: number) => `2026-12-04T10:00:${String(second).padStart(2, '0')}.000000000Z`;

describe('merged compose logs', () => {
  it('keeps Docker time as the order and shows it only when asked', () => {
    const hidden = mergedLine(1, `${at(5)} hello`, 'stdout', 0, false);
    expect(hidden).toMatchObject({ text: 'hello', source: 0, at: Date.parse('2026-12-04T10:00:05Z') });
    expect(mergedLine(2, `${at(5)} hello`, 'stderr', 1, true).text).toBe(`${at(5)} hello`);
    // A line without a timestamp sorts first rather than being lost.
    expect(mergedLine(3, 'plain', 'stdout', 0, false)).toMatchObject({ text: 'plain', at: 0 });
  });

  it('interleaves two streams whose tails arrive one after the other', () => {
    let id = 0;
    const line = (source: number, second: number) =>
      mergedLine(id++, `${at(second)} s${second}`, 'stdout', source, false);
    const api = [line(0, 1), line(0, 3), line(0, 5)];
    const worker = [line(1, 2), line(1, 4)];
    const merged = mergeByTime(mergeByTime([], api), worker);
    expect(merged.map((each) => each.text)).toEqual(['s1', 's2', 's3', 's4', 's5']);
    // Later lines in order are appended as they are.
    const more = mergeByTime(merged, [line(1, 6), line(0, 7)]);
    expect(more.map((each) => each.text).slice(-2)).toEqual(['s6', 's7']);
    // Lines of the same instant keep their arrival order.
    const same = mergeByTime([], [line(0, 9), line(1, 9)]);
    expect(same.map((each) => each.source)).toEqual([0, 1]);
  });

  it('keeps at most MAX_LINES, dropping the oldest', () => {
    const lines = Array.from({ length: MAX_LINES + 10 }, (_, index) => ({
      id: index,
      text: `l${index}`,
      stream: 'stdout' as const,
      source: 0,
      at: index,
    }));
    const merged = mergeByTime([], lines);
    expect(merged).toHaveLength(MAX_LINES);
    expect(merged[0]?.text).toBe('l10');
  });
});
