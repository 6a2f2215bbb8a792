import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { UpdatesStatus } from '@shared/schemas/updates';

const SHOWN = 5;

/**
 * Failures are as visible as updates: a check that could not reach a host or a registry says so above the
 * inbox, so "no updates" is never mistaken for "everything is up to date".
 */
export function CheckProblems({
  status,
  hostNames,
}: {
  status: UpdatesStatus | undefined;
  hostNames: ReadonlyMap<string, string>;
}) {
  const run = status?.lastRun;
  if (!run || (run.outcome !== 'partial' && run.outcome !== 'failed')) return null;
  const hosts = run.hosts.filter((host) => host.result !== 'ok');
  const images = (status?.images ?? []).filter((image) => image.status !== 'ok');
  const title =
    run.outcome === 'failed'
      ? 'The last check could not check anything'
      : 'The last check was incomplete: what is listed may not be everything';
  return (
    <Alert
      color={run.outcome === 'failed' ? 'red' : 'yellow'}
      variant="light"
      mb="md"
      icon={<IconAlertTriangle size={18} />}
      title={title}
      aria-label="Check problems"
    >
      {hosts.length > 0 && (
        <List size="sm" spacing={2}>
          {hosts.map((host) => (
            <List.Item key={host.hostId}>
              <Text span fw={500} size="sm">
                {hostNames.get(host.hostId) ?? host.hostId}
              </Text>
              {host.result === 'skipped' ? ' skipped: ' : ' failed: '}
              {host.reason}
            </List.Item>
          ))}
        </List>
      )}
      {images.length > 0 && (
        <>
          <Text size="sm" mt={hosts.length > 0 ? 'xs' : 0}>
            {images.length} image{images.length === 1 ? '' : 's'} could not be checked:
          </Text>
          <List size="sm" spacing={2}>
            {images.slice(0, SHOWN).map((image) => (
              <List.Item key={`${image.registry}/${image.repository}:${image.tag}/${image.platform}`}>
                <Text span ff="monospace" size="xs">
                  {image.registry}/{image.repository}:{image.tag}
                </Text>{' '}
                {image.reason ?? image.status}
              </List.Item>
            ))}
          </List>
          {images.length > SHOWN && (
            <Text size="xs" c="dimmed">
              and {images.length - SHOWN} more (see Check status below).
            </Text>
          )}
        </>
      )}
    </Alert>
  );
}
