import { Code, CopyButton, Group, Text, Tooltip, ActionIcon } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

/** A SHA256 fingerprint in monospace, selectable and copyable, so it can be compared out of band. */
export function Fingerprint({ value, label }: { value: string; label?: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      {label && (
        <Text size="sm" c="dimmed" w={80} style={{ flex: 'none' }}>
          {label}
        </Text>
      )}
      <Code
        fz="sm"
        style={{ wordBreak: 'break-all', userSelect: 'all' }}
        aria-label={label ? `${label} fingerprint` : 'Fingerprint'}
      >
        {value}
      </Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy fingerprint'} withArrow>
            <ActionIcon
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label="Copy fingerprint"
            >
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
