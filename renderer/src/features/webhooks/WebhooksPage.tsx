import {
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { WebhookDelivery, WebhookSecretName } from '@shared/schemas/webhooks';
import {
  useRegenerateSecret,
  useUpdateWebhooks,
  useWebhookDeliveries,
  useWebhookEndpoints,
  useWebhookStatus,
} from '../../api/webhooks';
import { ListenerOptions } from './ListenerOptions';
import { endpointUrl, maskSecret, SECRET_USES } from './webhook-urls';

/** Webhook intake: the listener, each sender's URL and secret, and the log of what arrived. */
export function WebhooksPage() {
  return (
    <Stack gap="lg">
      <Title order={2}>Webhooks</Title>
      <ListenerCard />
      <EndpointsCard />
      <DeliveriesCard />
    </Stack>
  );
}

function ListenerCard() {
  const { data: status } = useWebhookStatus();
  const update = useUpdateWebhooks();
  // null: not edited, the saved address shows.
  const [listen, setListen] = useState<string | null>(null);
  if (!status) return null;
  const { state, config } = status;
  const fieldError = update.error && 'field' in update.error ? update.error.message : null;
  return (
    <Card withBorder component="section" aria-label="Listener">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>Listener</Text>
          {state.listening ? (
            <Badge color="green">Listening at {state.url}</Badge>
          ) : (
            <Badge color={state.error ? 'red' : 'gray'}>{state.error ?? 'Off'}</Badge>
          )}
        </Group>
        {state.overridden && <Text size="sm">Set by --webhooks on the companion's command line.</Text>}
        <Switch
          label="Receive webhooks"
          checked={config.enabled}
          onChange={(event) => update.mutate({ enabled: event.currentTarget.checked })}
        />
        <Group align="flex-end">
          <TextInput
            label="Listen address"
            description="host:port; 0.0.0.0 accepts other machines"
            value={listen ?? config.listen}
            onChange={(event) => setListen(event.currentTarget.value)}
            error={fieldError}
          />
          <Button
            onClick={() => update.mutate({ listen: listen ?? config.listen })}
            loading={update.isPending}
          >
            Save address
          </Button>
        </Group>
        <Select
          label="A pushed image no workload uses"
          data={[
            { value: 'notify', label: 'Notify only' },
            { value: 'create', label: 'Create a workload and deploy it' },
          ]}
          value={config.unknownImage}
          onChange={(value) => value && update.mutate({ unknownImage: value as 'notify' | 'create' })}
          allowDeselect={false}
          w={320}
        />
        {/* Remounted with the saved values after each save. */}
        <ListenerOptions key={JSON.stringify(config)} config={config} />
      </Stack>
    </Card>
  );
}

function EndpointsCard() {
  const { data: endpoints } = useWebhookEndpoints();
  const { data: status } = useWebhookStatus();
  const regenerate = useRegenerateSecret();
  const [confirming, setConfirming] = useState<WebhookSecretName | null>(null);
  const [revealed, setRevealed] = useState<WebhookSecretName | null>(null);
  const listenerUrl = status?.state.url ?? null;
  return (
    <Card withBorder component="section" aria-label="Endpoints">
      <Text fw={600} mb="sm">
        Endpoints
      </Text>
      {/* A narrow window scrolls the table, not the page; the buttons wrap before the URLs get squeezed. */}
      <Table.ScrollContainer minWidth={540}>
        <Table aria-label="Webhook endpoints">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Sender</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Secret</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(endpoints ?? []).map((endpoint) => {
              const url = endpointUrl(listenerUrl, endpoint.path);
              const shown = revealed === endpoint.name;
              return (
                <Table.Tr key={endpoint.name} aria-label={`Endpoint ${endpoint.name}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {endpoint.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {SECRET_USES[endpoint.name]}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {/* A revealed URL is long and unbroken: it wraps instead of pushing the table wider. */}
                    <Text
                      size="sm"
                      ff="monospace"
                      style={BREAK_ANYWHERE}
                      aria-label={`URL of ${endpoint.name}`}
                    >
                      {shown ? url : maskSecret(url, endpoint.secret)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={BREAK_ANYWHERE}>
                      {shown ? endpoint.secret : `${endpoint.secret.slice(0, 4)}…`}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="wrap">
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() => setRevealed(shown ? null : endpoint.name)}
                      >
                        {shown ? 'Hide' : 'Reveal'}
                      </Button>
                      <CopyButton value={url}>
                        {({ copied, copy }) => (
                          <Button size="compact-xs" variant="default" onClick={copy}>
                            {copied ? 'Copied' : 'Copy URL'}
                          </Button>
                        )}
                      </CopyButton>
                      <CopyButton value={endpoint.secret}>
                        {({ copied, copy }) => (
                          <Button size="compact-xs" variant="default" onClick={copy}>
                            {copied ? 'Copied' : 'Copy secret'}
                          </Button>
                        )}
                      </CopyButton>
                      {confirming === endpoint.name ? (
                        <Button
                          size="compact-xs"
                          color="red"
                          onClick={() => {
                            setConfirming(null);
                            regenerate.mutate({ name: endpoint.name });
                          }}
                        >
                          Confirm: senders with the old secret get 401
                        </Button>
                      ) : (
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="red"
                          onClick={() => setConfirming(endpoint.name)}
                        >
                          Regenerate {endpoint.name}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

const BREAK_ANYWHERE = { wordBreak: 'break-all' } as const;
/** Mantine cuts a badge's label to its box; a delivery's status is short enough to show whole. */
const WHOLE_BADGE = { root: { overflow: 'visible', width: 'auto' }, label: { overflow: 'visible' } } as const;

const STATE_COLORS: Record<WebhookDelivery['state'], string> = {
  done: 'green',
  queued: 'blue',
  ignored: 'gray',
  duplicate: 'gray',
  rejected: 'orange',
  failed: 'red',
};

function DeliveriesCard() {
  const { data: deliveries } = useWebhookDeliveries();
  return (
    <Card withBorder component="section" aria-label="Deliveries">
      <Text fw={600} mb="sm">
        Deliveries
      </Text>
      {deliveries && deliveries.length === 0 && <Text c="dimmed">Nothing received yet.</Text>}
      <Table aria-label="Webhook deliveries" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Received</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Image</Table.Th>
            <Table.Th>Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(deliveries ?? []).map((delivery) => (
            <Table.Tr key={delivery.id}>
              <Table.Td>{new Date(delivery.receivedAt).toLocaleString()}</Table.Td>
              <Table.Td>{delivery.source}</Table.Td>
              <Table.Td>{delivery.remote}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Badge color={STATE_COLORS[delivery.state]} variant="light" styles={WHOLE_BADGE}>
                  {delivery.status} {delivery.state}
                </Badge>
              </Table.Td>
              <Table.Td>{delivery.image ?? ''}</Table.Td>
              <Table.Td>{delivery.action}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
