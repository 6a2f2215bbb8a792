import { Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { LogLineView } from './LogLineView';
import classes from './LogList.module.css';
import type { LogLine } from './use-log-stream';

/** A container of a merged log: its name in front of its lines, in its own colour. */
export interface LogSource {
  name: string;
  /** A CSS colour. */
  color: string;
}

const ROW_HEIGHT = 19;
/** How close to the bottom (px) still counts as "at the bottom" for auto-scrolling. */
const STICKY_SLACK = 48;

/**
 * A virtualized, monospace log: only visible rows are in the DOM, so 50 000 lines stay smooth. Long lines
 * wrap; rows are measured, so wrapped lines take their real height.
 */
interface LogListProps {
  lines: LogLine[];
  follow: boolean;
  wrap: boolean;
  search: string;
  /** The line of the current search match: scrolled into view and marked. */
  current: number | null;
  /** For a merged log: the containers `line.source` points into. */
  sources?: readonly LogSource[];
  /** The log's accessible name. */
  label?: string;
}

export function LogList({
  lines,
  follow,
  wrap,
  search,
  current,
  sources,
  label = 'Container log',
}: LogListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  // No React Compiler here: the virtualizer is read fresh on every render, which is what it needs.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });

  // Follow the end while the user is at the bottom; scrolling up pauses it until they come back down.
  useEffect(() => {
    if (follow && atBottom.current && lines.length > 0)
      virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines.length, follow, virtualizer]);

  // A search match chosen by the user wins over following the end.
  useEffect(() => {
    if (current !== null) {
      atBottom.current = false;
      virtualizer.scrollToIndex(current, { align: 'center' });
    }
  }, [current, virtualizer]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (element)
      atBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < STICKY_SLACK;
  };

  return (
    <Box
      ref={scrollRef}
      onScroll={onScroll}
      className={classes.viewport}
      role="log"
      aria-label={label}
      tabIndex={0}
    >
      {lines.length === 0 && (
        <Text size="sm" c="dimmed" p="sm">
          No log lines yet.
        </Text>
      )}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          if (!line) return null;
          return (
            <div
              key={line.id}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className={classes.line}
              data-stream={line.stream}
              data-wrap={wrap}
              data-current={item.index === current}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <SourceTag source={line.source === undefined ? undefined : sources?.[line.source]} />
              <LogLineView text={line.text} search={search} />
            </div>
          );
        })}
      </div>
    </Box>
  );
}

function SourceTag({ source }: { source: LogSource | undefined }) {
  if (!source) return null;
  return (
    <span className={classes.source} style={{ color: source.color }}>
      {source.name}
    </span>
  );
}
