import { Badge, Group, Select, Switch, Text } from '@mantine/core';
import type { LogOptions, LogStreamState } from './use-log-stream';

const TAIL_CHOICES = ['100', '200', '500', '1000', '5000', 'all'];

const STATE_LOOK: Record<LogStreamState, { color: string; label: string }> = {
  starting: { color: 'gray', label: 'Starting…' },
  streaming: { color: 'teal', label: 'Live' },
  ended: { color: 'gray', label: 'Ended' },
  error: { color: 'red', label: 'Error' },
};

interface LogControlsProps {
  options: LogOptions;
  onChange(options: LogOptions): void;
  state: LogStreamState;
  message: string | null;
  lineCount: number;
}

export function LogControls({ options, onChange, state, message, lineCount }: LogControlsProps) {
  // Without follow, a finished fetch is the normal outcome: say "Loaded" rather than "Ended".
  const look = state === 'ended' && !options.follow ? { color: 'gray', label: 'Loaded' } : STATE_LOOK[state];
  const shownState = state === 'streaming' && !options.follow ? { color: 'gray', label: 'Loading…' } : look;
  return (
    <Group justify="space-between" wrap="wrap" gap="sm">
      <Group gap="lg" wrap="wrap">
        <Switch
          label="Follow"
          checked={options.follow}
          onChange={(event) => onChange({ ...options, follow: event.currentTarget.checked })}
        />
        <Select
          label="Tail"
          aria-label="Tail lines"
          data={TAIL_CHOICES.map((value) => ({
            value,
            label: value === 'all' ? 'All lines' : `Last ${value}`,
          }))}
          value={String(options.tail)}
          onChange={(value) =>
            onChange({ ...options, tail: value === 'all' || value === null ? 'all' : Number(value) })
          }
          allowDeselect={false}
          w={130}
          size="xs"
          styles={{ root: { display: 'flex', alignItems: 'center', gap: 8 }, label: { marginBottom: 0 } }}
        />
        <Switch
          label="Timestamps"
          checked={options.timestamps}
          onChange={(event) => onChange({ ...options, timestamps: event.currentTarget.checked })}
        />
      </Group>
      <Group gap="xs">
        {message && (
          <Text size="xs" c={state === 'error' ? 'red' : 'dimmed'} maw={360} truncate>
            {message}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {lineCount.toLocaleString()} {lineCount === 1 ? 'line' : 'lines'}
        </Text>
        <Badge color={shownState.color} variant="dot" role="status">
          {shownState.label}
        </Badge>
      </Group>
    </Group>
  );
}
