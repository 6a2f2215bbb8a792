import { Paper, Text, Title } from '@mantine/core';
import type { Host } from '@shared/schemas/hosts';
import { useHost } from '../../../api/hosts';
import { Fingerprint } from '../trust/Fingerprint';
import { InfoList } from './InfoList';

const AUTH_LABELS = { key: 'Key file', password: 'Password', agent: 'SSH agent' } as const;

export function HostDetailsCard({ host }: { host: Host }) {
  const { host: jump } = useHost(host.jumpHostId);
  if (host.kind === 'local') return <LocalDetailsCard host={host} />;
  return (
    <Paper withBorder p="lg" aria-label="Connection settings">
      <Title order={3} size="h5" mb="md">
        Connection
      </Title>
      <InfoList
        items={[
          { label: 'Address', value: `${host.address}:${host.port}` },
          { label: 'User', value: host.user },
          { label: 'Authentication', value: authText(host) },
          { label: 'Jump host', value: host.jumpHostId ? (jump?.name ?? host.jumpHostId) : 'Direct' },
          { label: 'Docker socket', value: host.dockerSocket },
          { label: 'Group', value: host.group ?? '—' },
        ]}
      />
      <Text size="xs" c="dimmed" mt="md" mb={4}>
        Pinned host key
      </Text>
      {host.hostKey ? (
        <>
          <Fingerprint value={host.hostKey.fingerprint} />
          <Text size="xs" c="dimmed">
            {host.hostKey.algorithm}, trusted {new Date(host.hostKey.pinnedAt).toLocaleString()}
          </Text>
        </>
      ) : (
        <Text size="sm">None yet: the key is pinned when you trust it on the first connection.</Text>
      )}
    </Paper>
  );
}

/** This machine's engine: no address, login or key, only where its socket is. */
function LocalDetailsCard({ host }: { host: Host }) {
  return (
    <Paper withBorder p="lg" aria-label="Connection settings">
      <Title order={3} size="h5" mb="md">
        Connection
      </Title>
      <InfoList
        items={[
          { label: 'Reached', value: 'On this machine, through its Docker socket (no SSH)' },
          { label: 'Docker socket', value: host.dockerSocket },
          { label: 'Group', value: host.group ?? '—' },
        ]}
      />
    </Paper>
  );
}

function authText(host: Host): string {
  const auth = host.auth;
  if (auth.kind === 'key')
    return `${AUTH_LABELS.key}: ${auth.keyPath}${auth.hasPassphrase ? ' (passphrase stored)' : ''}`;
  if (auth.kind === 'password') return auth.hasPassword ? 'Password (stored)' : 'Password (none stored)';
  return AUTH_LABELS.agent;
}
