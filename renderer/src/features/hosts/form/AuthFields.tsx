import { Checkbox, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import type { HostAuth } from '@shared/schemas/hosts';
import { useId } from 'react';
import { useAppInfo } from '../../../api/app';
import type { FieldProps } from './field-props';
import type { AuthKind } from './host-form-values';

const AUTH_KINDS: { value: AuthKind; label: string }[] = [
  { value: 'key', label: 'Key file' },
  { value: 'password', label: 'Password' },
  { value: 'agent', label: 'SSH agent' },
];

/** Auth kind plus its fields. Stored secrets are never shown: empty means "keep what is stored". */
export function AuthFields({
  values,
  errors,
  set,
  storedAuth,
}: FieldProps & { storedAuth: HostAuth | undefined }) {
  const labelId = useId();
  // Without a working secret store a password cannot be kept: say so instead of offering it as if it worked.
  const secretProblem = useAppInfo().data?.secretBackend.error ?? null;
  const hasPassphrase = storedAuth?.kind === 'key' && storedAuth.hasPassphrase;
  const hasPassword = storedAuth?.kind === 'password' && storedAuth.hasPassword;
  return (
    <Stack gap="sm">
      <Stack gap={6}>
        <Text id={labelId} fw={500} size="sm">
          Authentication
        </Text>
        <SegmentedControl<AuthKind>
          aria-labelledby={labelId}
          data={AUTH_KINDS.map((kind) => ({
            ...kind,
            disabled: secretProblem !== null && kind.value === 'password' && values.authKind !== 'password',
          }))}
          value={values.authKind}
          onChange={(authKind) => set({ authKind })}
          fullWidth
        />
      </Stack>
      {values.authKind === 'key' && (
        <>
          <TextInput
            label="Private key path"
            description="On this computer; ~/ is your home folder."
            value={values.keyPath}
            onChange={(event) => set({ keyPath: event.currentTarget.value })}
            error={errors.keyPath}
            spellCheck={false}
          />
          <PasswordInput
            disabled={secretProblem !== null}
            label="Key passphrase"
            description={
              hasPassphrase
                ? 'A passphrase is stored. Leave empty to keep it.'
                : 'Leave empty if the key has none.'
            }
            value={values.passphrase}
            onChange={(event) => set({ passphrase: event.currentTarget.value, clearPassphrase: false })}
            autoComplete="off"
          />
          {hasPassphrase && (
            <Checkbox
              label="Remove the stored passphrase"
              checked={values.clearPassphrase}
              disabled={values.passphrase !== ''}
              onChange={(event) => set({ clearPassphrase: event.currentTarget.checked })}
            />
          )}
        </>
      )}
      {secretProblem !== null && (
        <Text size="xs" c="orange">
          Passwords and key passphrases cannot be saved right now (secret storage is unavailable, see the
          notice at the top). Use a key without a passphrase or the SSH agent, or fix the secret storage
          first.
        </Text>
      )}
      {values.authKind === 'password' && (
        <PasswordInput
          disabled={secretProblem !== null}
          label="SSH password"
          description={
            hasPassword
              ? 'A password is stored. Leave empty to keep it.'
              : 'Stored in the system keychain, never in the database.'
          }
          value={values.password}
          onChange={(event) => set({ password: event.currentTarget.value })}
          error={errors.password}
          autoComplete="off"
        />
      )}
      {values.authKind === 'agent' && (
        <Text size="sm" c="dimmed">
          Keys are taken from the running SSH agent (SSH_AUTH_SOCK).
        </Text>
      )}
    </Stack>
  );
}
