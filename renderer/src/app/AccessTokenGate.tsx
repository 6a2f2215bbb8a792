import { Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useApplyToken, useConnectionStatus } from '../api/context';

/**
 * In a browser, the companion only talks to a page holding its access token. When the page has none, or
 * the companion refused it (it was started with a new token), this says so and takes the new address or
 * token in place: no dead end, no reload, no lost tab.
 */
export function AccessTokenGate({ children }: { children: ReactNode }) {
  const { state, reason } = useConnectionStatus();
  const applyToken = useApplyToken();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (state !== 'unauthorized') return children;
  const submit = () => {
    if (applyToken(text)) {
      setText('');
      setError(null);
    } else {
      setError('Paste the whole address the companion printed (it ends with #token=…) or the token itself.');
    }
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" maw={560} w="100%">
        <Stack>
          <IconKey size={28} />
          <Title order={2}>This page needs the companion&apos;s access token</Title>
          <Text size="sm">
            {reason ?? 'The companion refused the access token this page had.'} The companion prints its
            address with the token when it starts, and keeps it in the file <code>companion-token</code> in
            its data folder.
          </Text>
          <TextInput
            label="Companion address or token"
            placeholder="http://127.0.0.1:7483/#token=…"
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') submit();
            }}
            error={error}
            spellCheck={false}
            autoComplete="off"
          />
          <Button onClick={submit} disabled={text.trim() === ''}>
            Connect
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
