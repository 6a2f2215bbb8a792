import { Chip, Group, Stack } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { useMemo, useState } from 'react';
import { LogControls } from './LogControls';
import { LogList, type LogSource } from './LogList';
import { LogTools } from './LogTools';
import type { LogOptions } from './use-log-stream';
import { useLogView } from './use-log-view';
import { useMergedLogStream } from './use-merged-log-stream';

const DEFAULT_OPTIONS: LogOptions = { follow: true, tail: 200, timestamps: false };
/** Distinct on light and dark backgrounds; repeats past ten containers. */
const PALETTE = ['blue', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'indigo', 'yellow', 'red'];

export function sourceColor(index: number): string {
  return `var(--mantine-color-${PALETTE[index % PALETTE.length] ?? 'blue'}-6)`;
}

/**
 * A compose project's containers in one log, in time order, each line led by its container's name in that
 * container's colour; the chips show or hide a container's lines.
 */
export function ProjectLogViewer({ project, containers }: { project: string; containers: Container[] }) {
  const [options, setOptions] = useState<LogOptions>(DEFAULT_OPTIONS);
  // A new key when the options or the project's containers change: the streams start over cleanly.
  const streamKey = `${containers.map((container) => container.id).join(',')}:${options.follow}:${options.tail}:${options.timestamps}`;
  return (
    <Stack gap="sm" style={{ flex: 1, minHeight: 0 }}>
      <MergedStream
        key={streamKey}
        project={project}
        containers={containers}
        options={options}
        onOptions={setOptions}
      />
    </Stack>
  );
}

interface MergedStreamProps {
  project: string;
  containers: Container[];
  options: LogOptions;
  onOptions(options: LogOptions): void;
}

function MergedStream({ project, containers, options, onOptions }: MergedStreamProps) {
  const { lines, state, message } = useMergedLogStream(containers, options);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());

  const sources: LogSource[] = containers.map((container, index) => ({
    name: container.name,
    color: sourceColor(index),
  }));
  const shown = useMemo(
    () => (hidden.size === 0 ? lines : lines.filter((line) => !hidden.has(line.source ?? -1))),
    [lines, hidden],
  );
  const { view, setView, matches, current } = useLogView(shown);
  const fileName = `${project}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.log`;
  return (
    <>
      <LogControls
        options={options}
        onChange={onOptions}
        state={state}
        message={message}
        lineCount={shown.length}
      />
      <Group gap={6} role="group" aria-label="Containers in this log">
        {sources.map((source, index) => (
          <Chip
            key={source.name}
            size="xs"
            variant="outline"
            checked={!hidden.has(index)}
            onChange={() =>
              setHidden((current) => {
                const next = new Set(current);
                if (!next.delete(index)) next.add(index);
                return next;
              })
            }
            styles={{ label: { color: source.color, fontWeight: 600 } }}
          >
            {source.name}
          </Chip>
        ))}
      </Group>
      <LogTools
        view={view}
        onView={setView}
        matches={matches}
        lines={shown}
        fileName={fileName}
        sources={sources}
      />
      <LogList
        lines={shown}
        follow={options.follow}
        wrap={view.wrap}
        search={view.search}
        current={current}
        sources={sources}
        label={`Log of project ${project}`}
      />
    </>
  );
}
