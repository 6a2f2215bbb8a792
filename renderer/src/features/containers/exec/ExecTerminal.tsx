import { Alert, Badge, Box, Button, Group, Select, Text, TextInput } from '@mantine/core';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { ExecEndEvent, ExecOutputEvent, ExecShell } from '@shared/schemas/exec';
import { useClient } from '../../../api/context';
import { errorMessage } from '../../../api/query-client';

/**
 * What the form offers; the core validates again (shared/schemas/exec.ts). Values, not imports: a value import
 * of the schema module from this lazily loaded page made the bundler move that module into the page's chunk,
 * which the entry then loads before zod is configured (see shared/rpc/zod-csp.ts).
 */
const SHELLS: ExecShell[] = ['sh', 'bash', 'ash', 'zsh'];
const USER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$/;
const MAX_COLS = 500;
const MAX_ROWS = 200;

type State = 'idle' | 'connecting' | 'open' | 'ended';

/** Input is sent in pieces below the contract's cap (a large paste), split between UTF-16 pairs. */
const INPUT_CHUNK = 8000;
const RESIZE_DEBOUNCE_MS = 150;

/** What the user reads when a session ends. */
export function endText(event: ExecEndEvent): string {
  if (event.reason === 'exited')
    return event.exitCode === null ? 'exited' : `exited with code ${event.exitCode}`;
  if (event.reason === 'closed') return event.message ?? 'closed';
  return event.message ?? 'ended with an error';
}

function decode(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function chunks(data: string): string[] {
  const parts: string[] = [];
  let rest = data;
  while (rest.length > INPUT_CHUNK) {
    let cut = INPUT_CHUNK;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) parts.push(rest);
  return parts;
}

const clampSize = (cols: number, rows: number) => ({
  cols: Math.min(Math.max(cols, 2), MAX_COLS),
  rows: Math.min(Math.max(rows, 1), MAX_ROWS),
});

/**
 * A shell in the container (`docker exec` with a TTY through the host's SSH connection) in an xterm.js
 * terminal that fits its box. The session closes when the component unmounts (and the core closes it when
 * the window's connection goes away). Copy: select, then Ctrl+Shift+C; paste: Ctrl+Shift+V or the browser's.
 */
export function ExecTerminal({ hostId, containerId }: { hostId: string; containerId: string }) {
  const client = useClient();
  const boxRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<{ term: Terminal; fit: FitAddon } | null>(null);
  const [shell, setShell] = useState<ExecShell>('sh');
  const [user, setUser] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<State>('idle');
  const [message, setMessage] = useState<string | null>(null);
  const userValid = user === '' || USER_PATTERN.test(user);

  // The terminal lives as long as the component; sessions come and go in it.
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const term = new Terminal({
      convertEol: false,
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 13,
      scrollback: 5000,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(box);
    term.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
      if (event.code === 'KeyC') {
        const selection = term.getSelection();
        if (selection) void navigator.clipboard?.writeText(selection).catch(() => undefined);
        return false;
      }
      if (event.code === 'KeyV') {
        void navigator.clipboard
          ?.readText()
          .then((text) => term.paste(text))
          .catch(() => undefined);
        return false;
      }
      return true;
    });
    termRef.current = { term, fit };
    const refit = () => {
      try {
        if (box.clientWidth > 0 && box.clientHeight > 0) fit.fit();
      } catch {
        // Not laid out yet; the next observation fits.
      }
    };
    refit();
    const observer = new ResizeObserver(refit);
    observer.observe(box);
    return () => {
      observer.disconnect();
      termRef.current = null;
      term.dispose();
    };
  }, []);

  // One session per Connect press; it ends when the component unmounts or another one starts.
  useEffect(() => {
    const current = termRef.current;
    if (attempt === 0 || !current) return;
    const { term } = current;
    let disposed = false;
    let sessionId: string | null = null;
    let ended = false;
    let resizeTimer: ReturnType<typeof setTimeout> | undefined;
    let sending = Promise.resolve();
    const early: (ExecOutputEvent | ExecEndEvent)[] = [];

    term.reset();
    setState('connecting');
    setMessage(null);

    const route = (event: ExecOutputEvent | ExecEndEvent) => {
      if (sessionId === null) {
        early.push(event);
        return;
      }
      if (event.sessionId !== sessionId) return;
      if ('data' in event) term.write(decode(event.data));
      else {
        ended = true;
        setState('ended');
        setMessage(endText(event));
      }
    };
    const offOutput = client.on('exec.output', route);
    const offEnd = client.on('exec.end', route);

    const onData = term.onData((data) => {
      const id = sessionId;
      if (!id || ended) return;
      for (const part of chunks(data)) {
        sending = sending.then(() =>
          client.call('exec.input', { sessionId: id, data: part }).then(
            () => undefined,
            () => undefined,
          ),
        );
      }
    });
    const onResize = term.onResize(({ cols, rows }) => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (sessionId && !ended)
          void client.call('exec.resize', { sessionId, ...clampSize(cols, rows) }).catch(() => undefined);
      }, RESIZE_DEBOUNCE_MS);
    });

    client
      .call('exec.start', {
        hostId,
        containerId,
        shell,
        ...(user ? { user } : {}),
        ...clampSize(term.cols, term.rows),
      })
      .then(
        (started) => {
          if (disposed) {
            void client.call('exec.close', { sessionId: started.sessionId }).catch(() => undefined);
            return;
          }
          sessionId = started.sessionId;
          setState('open');
          term.focus();
          for (const event of early.splice(0)) route(event);
        },
        (error: unknown) => {
          if (disposed) return;
          setState('ended');
          setMessage(errorMessage(error));
        },
      );

    return () => {
      disposed = true;
      offOutput();
      offEnd();
      onData.dispose();
      onResize.dispose();
      clearTimeout(resizeTimer);
      if (sessionId && !ended) void client.call('exec.close', { sessionId }).catch(() => undefined);
    };
    // shell and user are read when Connect is pressed, not followed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt, client, hostId, containerId]);

  const busy = state === 'connecting' || state === 'open';
  return (
    <Box>
      <Group gap="sm" align="end" mb="sm" wrap="wrap">
        <Select
          label="Shell"
          data={SHELLS.map((value) => ({ value, label: value }))}
          value={shell}
          onChange={(value) => value && setShell(value as ExecShell)}
          allowDeselect={false}
          disabled={busy}
          w={110}
        />
        <TextInput
          label="User"
          placeholder="container default"
          value={user}
          onChange={(event) => setUser(event.currentTarget.value.trim())}
          error={userValid ? undefined : 'A user name or uid, optionally :group'}
          disabled={busy}
          w={180}
        />
        {busy ? (
          <Button
            variant="default"
            onClick={() => {
              setAttempt(0);
              setState('ended');
              setMessage('closed');
            }}
          >
            Disconnect
          </Button>
        ) : (
          <Button onClick={() => setAttempt((n) => n + 1)} disabled={!userValid}>
            Connect
          </Button>
        )}
        <Badge
          variant="light"
          color={state === 'open' ? 'teal' : state === 'connecting' ? 'yellow' : 'gray'}
          aria-label="Shell state"
        >
          {state === 'idle' ? 'not connected' : state}
        </Badge>
      </Group>
      {message && state === 'ended' && (
        <Alert color="gray" mb="sm" title="The shell ended" aria-label="Shell ended">
          <Text size="sm">{message}</Text>
        </Alert>
      )}
      <Box
        ref={boxRef}
        aria-label="Terminal"
        data-state={state}
        h={360}
        p={4}
        style={{ background: '#000', borderRadius: 4, overflow: 'hidden' }}
      />
    </Box>
  );
}
