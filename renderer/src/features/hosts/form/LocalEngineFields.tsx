import { TextInput } from '@mantine/core';
import type { FieldProps } from './field-props';

/** A local host: only a name and the Docker socket of the machine Tidewatch runs on. */
export function LocalEngineFields({ values, errors, set }: FieldProps) {
  return (
    <>
      <TextInput
        label="Name"
        placeholder="this server"
        value={values.name}
        onChange={(event) => set({ name: event.currentTarget.value })}
        error={errors.name}
        data-autofocus
      />
      <TextInput
        label="Docker socket"
        description="Path of the Docker socket on this machine, the one Tidewatch runs on. No SSH is used."
        value={values.dockerSocket}
        onChange={(event) => set({ dockerSocket: event.currentTarget.value })}
        error={errors.dockerSocket}
        spellCheck={false}
      />
    </>
  );
}
