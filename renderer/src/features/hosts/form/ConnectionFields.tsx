import { Checkbox, Group, NumberInput, Select, TextInput } from '@mantine/core';
import type { Host } from '@shared/schemas/hosts';
import type { FieldProps } from './field-props';

/** Where and as whom: name, address, port, user, jump host, Docker socket (or SSH only). */
export function ConnectionFields({
  values,
  errors,
  set,
  hosts,
  editingId,
}: FieldProps & { hosts: readonly Host[]; editingId?: string }) {
  // A host cannot jump through itself (the core also refuses cycles), nor through this machine's engine.
  const jumpOptions = hosts
    .filter((host) => host.id !== editingId && host.kind === 'ssh')
    .map((host) => ({ value: host.id, label: `${host.name} (${host.address})` }));
  return (
    <>
      <TextInput
        label="Name"
        placeholder="web-prod-1"
        value={values.name}
        onChange={(event) => set({ name: event.currentTarget.value })}
        error={errors.name}
        data-autofocus
      />
      <Group grow align="flex-start">
        <TextInput
          label="Address"
          placeholder="10.0.0.5 or host.example.com"
          value={values.address}
          onChange={(event) => set({ address: event.currentTarget.value })}
          error={errors.address}
          spellCheck={false}
          style={{ flexGrow: 3 }}
        />
        <NumberInput
          label="Port"
          min={1}
          max={65535}
          // Out-of-range ports stay as typed and get a message; clamping 99999 to 65535 would save a wrong port.
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          hideControls
          value={values.port}
          onChange={(port) => set({ port })}
          error={errors.port}
          style={{ flexGrow: 1 }}
        />
      </Group>
      <TextInput
        label="User"
        placeholder="deploy"
        value={values.user}
        onChange={(event) => set({ user: event.currentTarget.value })}
        error={errors.user}
        spellCheck={false}
      />
      <Select
        label="Jump host"
        description="Reach this host through another saved host (ProxyJump)."
        placeholder="Direct connection"
        data={jumpOptions}
        value={values.jumpHostId}
        onChange={(jumpHostId) => set({ jumpHostId })}
        clearable
        nothingFoundMessage="No other hosts saved yet"
      />
      <Checkbox
        label="This host has no Docker engine (jump host only)"
        description="Tidewatch connects over SSH only and does not look for containers here."
        checked={values.noDocker}
        onChange={(event) => set({ noDocker: event.currentTarget.checked })}
      />
      {!values.noDocker && (
        <TextInput
          label="Docker socket"
          description="Path of the Docker socket on the remote host."
          value={values.dockerSocket}
          onChange={(event) => set({ dockerSocket: event.currentTarget.value })}
          error={errors.dockerSocket}
          spellCheck={false}
        />
      )}
    </>
  );
}
