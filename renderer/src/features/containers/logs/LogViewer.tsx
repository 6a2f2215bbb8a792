import { Stack } from '@mantine/core';
import type { Container } from '@shared/schemas/containers';
import { useState } from 'react';
import { LogControls } from './LogControls';
import { LogList } from './LogList';
import { LogTools } from './LogTools';
import type { LogOptions } from './use-log-stream';
import { useLogView } from './use-log-view';
import { useLogStream } from './use-log-stream';

const DEFAULT_OPTIONS: LogOptions = { follow: true, tail: 200, timestamps: false };

export function LogViewer({ container }: { container: Container }) {
  const [options, setOptions] = useState<LogOptions>(DEFAULT_OPTIONS);
  // A new key per option set: the old stream is stopped (unmount) and a fresh one starts.
  const streamKey = `${container.id}:${options.follow}:${options.tail}:${options.timestamps}`;
  return (
    <Stack gap="sm" style={{ flex: 1, minHeight: 0 }}>
      <LogStream key={streamKey} container={container} options={options} onOptions={setOptions} />
    </Stack>
  );
}

interface LogStreamProps {
  container: Container;
  options: LogOptions;
  onOptions(options: LogOptions): void;
}

function LogStream({ container, options, onOptions }: LogStreamProps) {
  const { lines, state, message } = useLogStream(container, options);
  const { view, setView, matches, current } = useLogView(lines);
  const fileName = `${container.name}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.log`;
  return (
    <>
      <LogControls
        options={options}
        onChange={onOptions}
        state={state}
        message={message}
        lineCount={lines.length}
      />
      <LogTools view={view} onView={setView} matches={matches} lines={lines} fileName={fileName} />
      <LogList
        lines={lines}
        follow={options.follow}
        wrap={view.wrap}
        search={view.search}
        current={current}
      />
    </>
  );
}
