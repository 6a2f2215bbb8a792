import { Alert, Button, Group, Paper, Progress, Stack, Text, TextInput } from '@mantine/core';
import type { PullLayer } from '@shared/schemas/resources';
import { useState } from 'react';
import { useCancelPull, usePullProgress, useStartPull } from '../../../../api/resources';

/** A reference to pull, then one progress bar per layer until the pull ends; a running pull can be cancelled. */
export function PullImageForm({ hostId }: { hostId: string }) {
  const [reference, setReference] = useState('');
  const [pullId, setPullId] = useState<string | null>(null);
  const start = useStartPull();
  const cancel = useCancelPull();
  const progress = usePullProgress(pullId);
  const running = pullId !== null && !progress?.done;

  const submit = () => start.mutate({ hostId, reference }, { onSuccess: ({ pullId: id }) => setPullId(id) });

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <TextInput
          label="Pull an image"
          placeholder="registry.example.com/team/app:1.2.3"
          value={reference}
          onChange={(event) => setReference(event.currentTarget.value)}
          onKeyDown={(event) => event.key === 'Enter' && reference.trim() && !running && submit()}
          style={{ flex: 1 }}
        />
        <Button onClick={submit} loading={start.isPending} disabled={!reference.trim() || running}>
          Pull
        </Button>
        {running && (
          <Button variant="default" color="red" onClick={() => cancel.mutate({ pullId })}>
            Cancel
          </Button>
        )}
      </Group>
      {pullId && (
        <Paper withBorder p="sm" aria-label="Pull progress">
          {progress?.done && progress.error === null && (
            <Alert color="green" mb="xs">
              Pulled {progress.reference}
            </Alert>
          )}
          {progress?.error && (
            <Alert color="red" mb="xs">
              {progress.error}
            </Alert>
          )}
          {!progress && <Text size="sm">Starting…</Text>}
          <Stack gap={6}>
            {progress?.layers.map((layer) => (
              <LayerBar key={layer.id} layer={layer} />
            ))}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

const COMPLETE = new Set(['Pull complete', 'Already exists', 'Download complete']);

function LayerBar({ layer }: { layer: PullLayer }) {
  const value = COMPLETE.has(layer.status)
    ? 100
    : layer.total > 0
      ? Math.min(100, (layer.current / layer.total) * 100)
      : 0;
  return (
    <Group gap="sm" wrap="nowrap" aria-label={`Layer ${layer.id}`}>
      <Text size="xs" ff="monospace" w={110} style={{ flexShrink: 0 }}>
        {layer.id}
      </Text>
      <Progress value={value} style={{ flex: 1 }} aria-label={`Layer ${layer.id} progress`} />
      <Text size="xs" c="dimmed" w={150} style={{ flexShrink: 0 }}>
        {layer.status}
      </Text>
    </Group>
  );
}
