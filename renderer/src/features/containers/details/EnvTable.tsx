import { ActionIcon, Code, Table, Text, Tooltip } from '@mantine/core';
import { IconEye, IconEyeOff } from '@tabler/icons-react';
import { useState } from 'react';
import type { EnvVar } from '@shared/schemas/container-details';
import { useRevealEnv } from '../../../api/containers';

/** Environment variables; secret-looking values stay masked until the user reveals one. */
export function EnvTable({
  hostId,
  containerId,
  env,
}: {
  hostId: string;
  containerId: string;
  env: EnvVar[];
}) {
  const reveal = useRevealEnv();
  const [shown, setShown] = useState<ReadonlyMap<string, string>>(new Map());
  if (env.length === 0) return <Text c="dimmed">No environment variables.</Text>;
  const toggle = (key: string) => {
    if (shown.has(key)) {
      const next = new Map(shown);
      next.delete(key);
      setShown(next);
      return;
    }
    reveal.mutate(
      { hostId, containerId, key },
      { onSuccess: ({ value }) => setShown(new Map(shown).set(key, value)) },
    );
  };
  return (
    <Table verticalSpacing={4} aria-label="Environment">
      <Table.Tbody>
        {env.map((variable) => {
          const value = variable.masked ? shown.get(variable.key) : variable.value;
          return (
            <Table.Tr key={variable.key}>
              <Table.Td w="35%">
                <Code>{variable.key}</Code>
              </Table.Td>
              <Table.Td style={{ wordBreak: 'break-all' }}>
                {value !== undefined && value !== null ? (
                  <Code aria-label={`Value of ${variable.key}`}>{value}</Code>
                ) : (
                  <Text span c="dimmed" aria-label={`Value of ${variable.key}`}>
                    ••••••••
                  </Text>
                )}
              </Table.Td>
              <Table.Td w={40}>
                {variable.masked && (
                  <Tooltip label={shown.has(variable.key) ? 'Hide' : 'Reveal'} withArrow openDelay={300}>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`${shown.has(variable.key) ? 'Hide' : 'Reveal'} ${variable.key}`}
                      onClick={() => toggle(variable.key)}
                    >
                      {shown.has(variable.key) ? <IconEyeOff size={16} /> : <IconEye size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
