import { Alert, Loader, Stack, Text } from '@mantine/core';
import type { ImportSshConfigResult } from '@shared/schemas/hosts';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { useImportSshConfig } from '../../../api/hosts';
import { errorMessage } from '../../../api/query-client';

/**
 * Reads ~/.ssh/config and known_hosts when shown and says what came of it: the read's problems, an empty
 * result, and what was left out and why. `children` shows the candidates.
 */
export function SshConfigFindings({ children }: { children(result: ImportSshConfigResult): ReactNode }) {
  const read = useImportSshConfig({ meta: { silent: true } });
  const { mutate } = read;
  useEffect(() => mutate(undefined), [mutate]);
  const result = read.data;
  return (
    <Stack gap="sm">
      {read.isPending && <Loader size="sm" aria-label="Reading SSH configuration" />}
      {read.error && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title="Could not read the SSH configuration"
        >
          {errorMessage(read.error)}
        </Alert>
      )}
      {result?.warnings.map((warning) => (
        <Alert key={warning} color="yellow" variant="light">
          {warning}
        </Alert>
      ))}
      {result && result.candidates.length === 0 && (
        <Text size="sm" c="dimmed">
          No hosts found in ~/.ssh/config or ~/.ssh/known_hosts.
        </Text>
      )}
      {result && result.candidates.length > 0 && children(result)}
      {result && <SkippedNote skipped={result.skipped} />}
    </Stack>
  );
}

function SkippedNote({ skipped }: { skipped: ImportSshConfigResult['skipped'] }) {
  if (skipped.patterns + skipped.hashedKnownHosts + skipped.invalid === 0) return null;
  return (
    <Text size="xs" c="dimmed">
      Not listed: {skipped.patterns} wildcard Host pattern(s), {skipped.hashedKnownHosts} hashed known_hosts
      entr
      {skipped.hashedKnownHosts === 1 ? 'y' : 'ies'} and {skipped.invalid} entr
      {skipped.invalid === 1 ? 'y' : 'ies'} whose name is not a valid host name or address.
    </Text>
  );
}
