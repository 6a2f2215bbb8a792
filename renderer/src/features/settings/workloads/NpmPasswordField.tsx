import { Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import type { PasswordChange } from './proxy-form-values';

export type { PasswordChange } from './proxy-form-values';

interface Props {
  /** Whether the secret store holds a password now. */
  stored: boolean;
  change: PasswordChange;
  onChange(change: PasswordChange): void;
}

/** Write-only: says whether a password is set and offers to set, change or remove it; never shows it. */
export function NpmPasswordField({ stored, change, onChange }: Props) {
  if (change.kind === 'set')
    return (
      <Stack gap={4}>
        <PasswordInput
          label={stored ? 'New password' : 'Password'}
          value={change.value}
          onChange={(event) => onChange({ kind: 'set', value: event.currentTarget.value })}
        />
        <Button size="compact-xs" variant="subtle" onClick={() => onChange({ kind: 'keep' })} w="fit-content">
          Cancel
        </Button>
      </Stack>
    );
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Password
      </Text>
      <Group gap="xs">
        <Text size="sm" c="dimmed" aria-label="NPM password state">
          {change.kind === 'remove' ? 'will be removed on save' : stored ? 'set' : 'not set'}
        </Text>
        {change.kind === 'remove' ? (
          <Button size="compact-xs" variant="subtle" onClick={() => onChange({ kind: 'keep' })}>
            Keep it
          </Button>
        ) : (
          <>
            <Button size="compact-xs" variant="light" onClick={() => onChange({ kind: 'set', value: '' })}>
              {stored ? 'Change' : 'Set'}
            </Button>
            {stored && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => onChange({ kind: 'remove' })}
              >
                Remove
              </Button>
            )}
          </>
        )}
      </Group>
    </Stack>
  );
}
