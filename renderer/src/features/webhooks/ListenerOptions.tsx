import { Button, Group, NumberInput, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { ContractError } from '@shared/rpc/errors';
import type { WebhookConfig } from '@shared/schemas/webhooks';
import { useState } from 'react';
import { useHosts } from '../../api/hosts';
import { useUpdateWebhooks } from '../../api/webhooks';

type Options = Pick<
  WebhookConfig,
  'tlsCertFile' | 'tlsKeyFile' | 'trustedProxies' | 'maxBodyBytes' | 'ratePerMinute' | 'createOnHostId'
>;

const KIB = 1024;

/**
 * The listener's options for direct exposure or a reverse proxy: TLS files, trusted proxies, the body and
 * rate limits, and the host a pushed unknown image's workload is created on. Saved together; a refused
 * value is shown at its field (the listener keeps running with the saved settings).
 */
export function ListenerOptions({ config }: { config: WebhookConfig }) {
  const update = useUpdateWebhooks();
  const { data: hosts } = useHosts();
  const [draft, setDraft] = useState<Options>(() => pick(config));
  const set = <K extends keyof Options>(key: K, value: Options[K]) =>
    setDraft((old) => ({ ...old, [key]: value }));
  const error = update.error instanceof ContractError ? update.error : null;
  const errorAt = (field: keyof Options) => (error?.field === field ? error.message : null);
  const changed = JSON.stringify(draft) !== JSON.stringify(pick(config));

  return (
    <Stack gap="sm" aria-label="Listener options" role="group">
      <Text size="sm" fw={600}>
        Exposure and limits
      </Text>
      <Group grow align="flex-start">
        <TextInput
          label="TLS certificate file"
          description="PEM, on the machine the core runs on; empty for plain HTTP behind a proxy"
          placeholder="/etc/tidewatch/tls/cert.pem"
          value={draft.tlsCertFile ?? ''}
          onChange={(event) => set('tlsCertFile', event.currentTarget.value.trim() || null)}
          error={errorAt('tlsCertFile')}
        />
        <TextInput
          label="TLS key file"
          description="PEM; both files or neither"
          placeholder="/etc/tidewatch/tls/key.pem"
          value={draft.tlsKeyFile ?? ''}
          onChange={(event) => set('tlsKeyFile', event.currentTarget.value.trim() || null)}
          error={errorAt('tlsKeyFile')}
        />
      </Group>
      <TagsInput
        label="Trusted proxies"
        description="Addresses of reverse proxies whose X-Forwarded-For is believed (for the log and rate limits)"
        placeholder="e.g. 10.0.0.2, then Enter"
        value={draft.trustedProxies}
        onChange={(value) => set('trustedProxies', value)}
        error={errorAt('trustedProxies')}
        maxTags={20}
      />
      <Group grow align="flex-start">
        <NumberInput
          label="Largest body (KiB)"
          description="Bigger deliveries get 413"
          min={1}
          max={16 * KIB}
          value={Math.round(draft.maxBodyBytes / KIB)}
          onChange={(value) => set('maxBodyBytes', Math.round(Number(value) * KIB))}
          error={errorAt('maxBodyBytes')}
        />
        <NumberInput
          label="Deliveries per minute and source"
          description="More get 429 with Retry-After"
          min={1}
          max={100_000}
          value={draft.ratePerMinute}
          onChange={(value) => set('ratePerMinute', Number(value))}
          error={errorAt('ratePerMinute')}
        />
      </Group>
      {config.unknownImage === 'create' && (
        <Select
          label="Create workloads for unknown images on"
          data={(hosts ?? []).map((host) => ({ value: host.id, label: host.name }))}
          value={draft.createOnHostId}
          onChange={(value) => set('createOnHostId', value)}
          error={errorAt('createOnHostId')}
          placeholder="Pick a host"
          clearable
        />
      )}
      {error && !error.field && (
        <Text size="sm" c="red">
          {error.message}
        </Text>
      )}
      <Group>
        <Button onClick={() => update.mutate(draft)} disabled={!changed} loading={update.isPending}>
          Save options
        </Button>
        {changed && (
          <Button variant="subtle" onClick={() => setDraft(pick(config))}>
            Undo changes
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function pick(config: WebhookConfig): Options {
  return {
    tlsCertFile: config.tlsCertFile,
    tlsKeyFile: config.tlsKeyFile,
    trustedProxies: config.trustedProxies,
    maxBodyBytes: config.maxBodyBytes,
    ratePerMinute: config.ratePerMinute,
    createOnHostId: config.createOnHostId,
  };
}
