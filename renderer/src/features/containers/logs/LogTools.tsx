import { ActionIcon, Button, Group, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconDownload, IconSearch } from '@tabler/icons-react';
import { plainText } from './log-format';
import type { LogSource } from './LogList';
import type { LogLine } from './use-log-stream';

export interface LogView {
  wrap: boolean;
  search: string;
  /** Which of the matches is current (an index into the matches). */
  match: number;
}

interface LogToolsProps {
  view: LogView;
  onView(view: LogView): void;
  matches: readonly number[];
  lines: readonly LogLine[];
  fileName: string;
  /** A merged log's containers: each downloaded line starts with its container's name. */
  sources?: readonly LogSource[];
}

/** Search with next/previous match, line wrapping, and the loaded lines as a file. */
export function LogTools({ view, onView, matches, lines, fileName, sources }: LogToolsProps) {
  const step = (by: number) =>
    matches.length > 0 && onView({ ...view, match: (view.match + by + matches.length) % matches.length });
  return (
    <Group gap="sm" wrap="wrap">
      <TextInput
        size="xs"
        w={220}
        aria-label="Search the log"
        placeholder="Search"
        leftSection={<IconSearch size={14} />}
        value={view.search}
        onChange={(event) => onView({ ...view, search: event.currentTarget.value, match: 0 })}
        onKeyDown={(event) => {
          if (event.key === 'Enter') step(event.shiftKey ? -1 : 1);
        }}
      />
      {view.search !== '' && (
        <Text size="xs" c="dimmed" aria-label="Search matches" miw={70}>
          {matches.length === 0
            ? 'no match'
            : `${Math.min(view.match + 1, matches.length)} of ${matches.length}`}
        </Text>
      )}
      <Tooltip label="Previous match (Shift+Enter)" withArrow openDelay={300}>
        <ActionIcon
          variant="subtle"
          aria-label="Previous match"
          disabled={matches.length === 0}
          onClick={() => step(-1)}
        >
          <IconChevronUp size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Next match (Enter)" withArrow openDelay={300}>
        <ActionIcon
          variant="subtle"
          aria-label="Next match"
          disabled={matches.length === 0}
          onClick={() => step(1)}
        >
          <IconChevronDown size={16} />
        </ActionIcon>
      </Tooltip>
      <Switch
        size="xs"
        label="Wrap"
        checked={view.wrap}
        onChange={(event) => onView({ ...view, wrap: event.currentTarget.checked })}
      />
      <Button
        size="compact-xs"
        variant="default"
        leftSection={<IconDownload size={14} />}
        disabled={lines.length === 0}
        onClick={() => download(lines, fileName, sources)}
      >
        Download
      </Button>
    </Group>
  );
}

/** The loaded lines without colour escapes, saved by the browser (nothing goes through the core). */
function download(lines: readonly LogLine[], fileName: string, sources?: readonly LogSource[]): void {
  const text = (line: LogLine) => {
    const source = line.source === undefined ? undefined : sources?.[line.source];
    return source ? `${source.name} | ${plainText(line.text)}` : plainText(line.text);
  };
  const blob = new Blob([lines.map(text).join('\n') + '\n'], { type: 'text/plain' });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
