import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { ContractError } from '@shared/rpc/errors';
import { DEFAULT_COMPANION_TOKEN_FILE, type Companion } from '@shared/schemas/companions';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useAddCompanion, useCompanions, useRemoveCompanion } from '../../api/companions';
import { coreSelection, LocalCore, useSelectedCore } from '../../api/core-switch';
import { useHosts } from '../../api/hosts';

/**
 * Companions this app is attached to: a headless Tidewatch on one of its hosts, reached through that host's
 * SSH connection. Always about this app's own core, whichever core the other pages operate.
 */
export function CompanionsPage() {
  return (
    <LocalCore>
      <Stack gap="lg">
        <Title order={2}>Companions</Title>
        <Text c="dimmed" maw={760}>
          A companion runs on a server and receives webhooks and deploys while this computer sleeps. Attach it
          here through the SSH connection of the host it runs on: nothing of it is exposed to the network. Its
          events then arrive here, and the core switcher in the header operates its hosts as if they were
          local.
        </Text>
        <CompanionList />
        <AddCompanionCard />
      </Stack>
    </LocalCore>
  );
}

const STATE_COLORS: Record<Companion['state'], string> = {
  open: 'green',
  connecting: 'blue',
  closed: 'gray',
  unauthorized: 'red',
};

function CompanionList() {
  const { data: companions } = useCompanions();
  const { data: hosts } = useHosts();
  const remove = useRemoveCompanion();
  const selected = useSelectedCore();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState<number | null>(null);
  if (!companions) return null;
  if (companions.length === 0) return <Text>No companion attached yet.</Text>;
  const hostName = (id: string) => hosts?.find((host) => host.id === id)?.name ?? id;
  return (
    <Card withBorder component="section" aria-label="Attached companions">
      <Table aria-label="Companions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Runs on</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Events received</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {companions.map((companion) => (
            <Table.Tr key={companion.id} aria-label={`Companion ${companion.name}`}>
              <Table.Td>{companion.name}</Table.Td>
              <Table.Td>
                {hostName(companion.hostId)}, port {companion.port}
              </Table.Td>
              <Table.Td>
                <Badge color={STATE_COLORS[companion.state]} variant="light">
                  {companion.state}
                </Badge>
                {companion.reason && (
                  <Text size="xs" c="dimmed">
                    {companion.reason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{companion.lastSeq}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Button
                    size="compact-xs"
                    variant="default"
                    disabled={selected === companion.id}
                    onClick={() => {
                      coreSelection.set(companion.id);
                      void navigate('/hosts');
                    }}
                  >
                    {selected === companion.id ? 'Operating' : 'Operate'}
                  </Button>
                  {confirming === companion.id ? (
                    <Button
                      size="compact-xs"
                      color="red"
                      onClick={() => {
                        setConfirming(null);
                        if (selected === companion.id) coreSelection.set(null);
                        remove.mutate({ id: companion.id });
                      }}
                    >
                      Confirm detach
                    </Button>
                  ) : (
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="red"
                      onClick={() => setConfirming(companion.id)}
                    >
                      Detach
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

type TokenSource = 'paste' | 'file';

function AddCompanionCard() {
  const { data: hosts } = useHosts();
  const add = useAddCompanion();
  const [hostId, setHostId] = useState<string | null>(null);
  const [port, setPort] = useState<number | string>(7483);
  const [name, setName] = useState('');
  const [source, setSource] = useState<TokenSource>('file');
  const [token, setToken] = useState('');
  const [tokenFile, setTokenFile] = useState(DEFAULT_COMPANION_TOKEN_FILE);
  const [confirmed, setConfirmed] = useState(false);

  const error = add.error instanceof ContractError ? add.error : null;
  const errorAt = (field: string) => (error?.field === field ? error.message : null);
  const formError = error && !['hostId', 'port', 'name', 'token', 'tokenFile'].includes(error.field ?? '');
  const ready = hostId !== null && (source === 'paste' ? token.trim() !== '' : confirmed);

  const submit = () => {
    if (!hostId) return;
    add.mutate(
      {
        hostId,
        port: Number(port),
        ...(name.trim() ? { name: name.trim() } : {}),
        token: source === 'paste' ? token.trim() : null,
        tokenFile: source === 'file' ? tokenFile.trim() : null,
      },
      {
        onSuccess: () => {
          setToken('');
          setName('');
          setConfirmed(false);
        },
      },
    );
  };

  return (
    <Card withBorder component="section" aria-label="Attach a companion" maw={640}>
      <Stack gap="sm">
        <Text fw={600}>Attach a companion</Text>
        <Select
          label="Host it runs on"
          placeholder="Pick a host"
          data={(hosts ?? []).map((host) => ({ value: host.id, label: host.name }))}
          value={hostId}
          onChange={setHostId}
          error={errorAt('hostId')}
          searchable
        />
        <Group grow>
          <NumberInput
            label="Port"
            description="its port on that host's 127.0.0.1"
            min={1}
            max={65535}
            value={port}
            onChange={setPort}
            error={errorAt('port')}
          />
          <TextInput
            label="Name"
            placeholder="companion on <host>"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errorAt('name')}
          />
        </Group>
        <SegmentedControl
          aria-label="Where the token comes from"
          value={source}
          onChange={(value) => setSource(value as TokenSource)}
          data={[
            { value: 'file', label: 'Read its token file over SSH' },
            { value: 'paste', label: 'Paste the token' },
          ]}
        />
        {source === 'paste' ? (
          <PasswordInput
            label="Token"
            description="printed by the companion at start (the part after #token=)"
            value={token}
            onChange={(event) => setToken(event.currentTarget.value)}
            error={errorAt('token')}
          />
        ) : (
          <>
            <TextInput
              label="Token file on the host"
              description="relative paths start in the SSH user's home"
              value={tokenFile}
              onChange={(event) => setTokenFile(event.currentTarget.value)}
              error={errorAt('tokenFile') ?? errorAt('token')}
            />
            <Checkbox
              label="Read this file on the host over SSH. Only a token is kept; the file's content is never shown."
              checked={confirmed}
              onChange={(event) => setConfirmed(event.currentTarget.checked)}
            />
          </>
        )}
        {formError && (
          <Alert color="red" title="Not attached">
            {error.message}
          </Alert>
        )}
        <Group>
          <Button onClick={submit} disabled={!ready} loading={add.isPending}>
            Attach
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
