/**
 * Exec sessions: an interactive shell in a container, `docker exec` with a TTY over the host's one SSH
 * connection (the engine's own channels; never a second SSH login). `start` checks the container, creates
 * the exec and answers a sessionId; the hijacked stream's bytes then go out as `exec.output` events
 * (batched, base64 so binary and UTF-8 split across chunks survive), and each session ends exactly once
 * with `exec.end`: the shell exited, the client closed it (or its connection went away), the host's
 * connection was lost, the core stopped, or the stream broke.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { AppError } from '@shared/rpc/errors';
import type { ExecEndEvent, ExecOutputEvent, ExecShell, ExecStartInput } from '@shared/schemas/exec';
import type { Logger } from '../logging/logger';
import type { Engine } from './docker-engine';
import { dockerError } from './docker-errors';

export interface ExecSessionsDeps {
  engine(hostId: string): Promise<Engine>;
  /** `owner` is the connection that opened the session: its output goes there only (null: to everyone). */
  emitOutput(event: ExecOutputEvent, owner: string | null): void;
  emitEnd(event: ExecEndEvent, owner: string | null): void;
  logger: Logger;
  /** How long output waits to be sent together (one event per read would flood the renderer). */
  batchMs?: number;
  maxPerHost?: number;
  maxTotal?: number;
}

/** The command each allowed shell runs: a fixed argv, found on the container's PATH. */
const SHELL_COMMANDS: Record<ExecShell, string[]> = {
  sh: ['sh'],
  bash: ['bash'],
  ash: ['ash'],
  zsh: ['zsh'],
};

/**
 * A hijacked exec holds one channel for its whole life; with `docker system dial-stdio` each is an SSH
 * session counted against sshd's MaxSessions (10 by default), shared with every other Docker call.
 */
const DEFAULT_MAX_PER_HOST = 4;
const DEFAULT_MAX_TOTAL = 16;
/** An output batch is sent at once when it reaches this size. */
const MAX_BATCH_BYTES = 64 * 1024;
/** How much of the first output is kept to explain a shell that could not start. */
const HEAD_BYTES = 2048;
/** The environment variable that tags a session's processes. */
const SESSION_ENV = 'TIDEWATCH_EXEC';
/**
 * Docker does not end an exec when its attach connection closes, and a foreground program outlives the
 * shell's EOF. This runs in the container (with the session's own shell and user) and ends every process
 * tagged with the session: hang-up first, then kill.
 */
const REAP_SCRIPT =
  'ids=; for p in /proc/[0-9]*; do grep -qs "' +
  SESSION_ENV +
  '=$1" "$p/environ" && ids="$ids ${p#/proc/}"; done; ' +
  '[ -z "$ids" ] && exit 0; kill -HUP $ids 2>/dev/null; sleep 1; kill -KILL $ids 2>/dev/null; exit 0';

interface Session {
  id: string;
  hostId: string;
  containerId: string;
  shell: ExecShell;
  owner: string | null;
  user: string | undefined;
  container: Docker.Container;
  exec: Docker.Exec;
  stream: Duplex | null;
  finished: boolean;
  pending: Buffer[];
  pendingBytes: number;
  timer: NodeJS.Timeout | null;
  head: Buffer;
}

export class ExecSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: ExecSessionsDeps) {}

  get size(): number {
    return this.sessions.size;
  }

  async start(input: ExecStartInput, owner: string | null): Promise<{ sessionId: string }> {
    const maxTotal = this.deps.maxTotal ?? DEFAULT_MAX_TOTAL;
    const maxPerHost = this.deps.maxPerHost ?? DEFAULT_MAX_PER_HOST;
    if (this.sessions.size >= maxTotal) {
      throw new AppError('CONFLICT', `Too many open shells (${maxTotal}); close some first`);
    }
    if (this.countHost(input.hostId) >= maxPerHost) {
      throw new AppError('CONFLICT', `Too many open shells on this host (${maxPerHost}); close some first`);
    }
    const engine = await this.deps.engine(input.hostId);
    const container = engine.docker.getContainer(input.containerId);
    let name: string;
    try {
      const inspect = await container.inspect();
      name = inspect.Name.replace(/^\//, '');
      if (!inspect.State.Running) {
        throw new AppError('CONFLICT', `Container ${name} is not running: start it to open a shell`);
      }
    } catch (error) {
      throw dockerError(error, `Container ${input.containerId}`);
    }
    let exec: Docker.Exec;
    const id = randomUUID();
    try {
      exec = await container.exec({
        Cmd: SHELL_COMMANDS[input.shell],
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: true,
        // The tag lets `reap` find every process of this session (children inherit it) to end them.
        Env: ['TERM=xterm-256color', `${SESSION_ENV}=${id}`],
        ConsoleSize: [input.rows, input.cols],
        ...(input.user ? { User: input.user } : {}),
      });
    } catch (error) {
      throw dockerError(error, `Opening a shell in ${name}`);
    }
    // Counted again: another start may have passed the check while this one waited for Docker.
    if (this.sessions.size >= maxTotal || this.countHost(input.hostId) >= maxPerHost) {
      throw new AppError('CONFLICT', 'Too many open shells; close some first');
    }
    const session: Session = {
      id,
      hostId: input.hostId,
      containerId: name,
      shell: input.shell,
      owner,
      user: input.user || undefined,
      container,
      exec,
      stream: null,
      finished: false,
      pending: [],
      pendingBytes: 0,
      timer: null,
      head: Buffer.alloc(0),
    };
    this.sessions.set(session.id, session);
    // The caller gets the sessionId before the first output: output starts flowing on a later turn.
    setImmediate(() => void this.open(session, input.cols, input.rows));
    return { sessionId: session.id };
  }

  input(sessionId: string, data: string, owner: string | null): void {
    const session = this.get(sessionId, owner);
    if (!session.stream) throw new AppError('CONFLICT', 'The shell is still starting; try again');
    session.stream.write(data, 'utf8');
  }

  async resize(sessionId: string, cols: number, rows: number, owner: string | null): Promise<void> {
    const session = this.get(sessionId, owner);
    try {
      await session.exec.resize({ h: rows, w: cols });
    } catch (error) {
      if (session.finished) return;
      throw dockerError(error, 'Resizing the terminal');
    }
  }

  close(sessionId: string, owner: string | null): void {
    this.finish(this.get(sessionId, owner), 'closed', null, null);
  }

  /** A connection went away: the sessions it opened end. */
  closeOwner(owner: string): void {
    for (const session of [...this.sessions.values()]) {
      if (session.owner === owner) this.finish(session, 'closed', null, 'The window that opened it closed');
    }
  }

  /** The host's connection is gone (or the host removed): its shells end with the reason. */
  endHost(hostId: string, message: string): void {
    for (const session of [...this.sessions.values()]) {
      if (session.hostId === hostId) this.finish(session, 'error', null, message);
    }
  }

  closeAll(message: string): void {
    for (const session of [...this.sessions.values()]) this.finish(session, 'closed', null, message);
  }

  /** A session of this caller; NOT_FOUND for an unknown id and for another connection's session. */
  private get(sessionId: string, owner: string | null): Session {
    const session = this.sessions.get(sessionId);
    if (!session || (session.owner !== null && owner !== null && session.owner !== owner)) {
      throw new AppError('NOT_FOUND', `No open shell ${sessionId.slice(0, 100)}`);
    }
    return session;
  }

  private countHost(hostId: string): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.hostId === hostId) count += 1;
    return count;
  }

  private async open(session: Session, cols: number, rows: number): Promise<void> {
    let stream: Duplex;
    try {
      stream = (await session.exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
    } catch (error) {
      this.finish(session, 'error', null, dockerError(error, `Starting ${session.shell}`).message);
      return;
    }
    if (session.finished) {
      stream.on('error', () => undefined);
      stream.destroy();
      return;
    }
    session.stream = stream;
    stream.on('data', (chunk: Buffer) => this.push(session, chunk));
    stream.on('error', (error) => {
      if (!session.finished)
        this.finish(session, 'error', null, `The shell's stream broke: ${error.message}`);
    });
    const ended = () => void this.exited(session);
    stream.on('end', ended);
    stream.on('close', ended);
    session.exec.resize({ h: rows, w: cols }).catch((error: unknown) => {
      // Harmless (the shell starts at Docker's default size); the next resize from the terminal fixes it.
      this.deps.logger.debug('initial exec resize failed', { error });
    });
  }

  /** The stream ended by itself: the shell exited (or could not start). */
  private async exited(session: Session): Promise<void> {
    if (session.finished) return;
    let exitCode: number | null = null;
    try {
      const inspect = (await session.exec.inspect()) as { ExitCode?: number | null; Running?: boolean };
      exitCode = typeof inspect.ExitCode === 'number' ? inspect.ExitCode : null;
    } catch {
      // The connection may be gone as well; the end still goes out without a code.
    }
    if (session.finished) return;
    const head = session.head.toString('utf8');
    if (
      (exitCode === 126 || exitCode === 127) &&
      /exec failed|executable file not found|no such file/i.test(head)
    ) {
      const detail = head.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
      this.finish(
        session,
        'error',
        exitCode,
        `${session.shell} could not be started in ${session.containerId} (is it installed in the image?): ${detail.trim()}`,
      );
      return;
    }
    this.finish(session, 'exited', exitCode, null);
  }

  private push(session: Session, chunk: Buffer): void {
    if (session.finished) return;
    if (session.head.length < HEAD_BYTES)
      session.head = Buffer.concat([session.head, chunk]).subarray(0, HEAD_BYTES);
    session.pending.push(chunk);
    session.pendingBytes += chunk.length;
    if (session.pendingBytes >= MAX_BATCH_BYTES) this.flush(session);
    else session.timer ??= setTimeout(() => this.flush(session), this.deps.batchMs ?? 10);
  }

  private flush(session: Session): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = null;
    if (session.pending.length === 0) return;
    const data = Buffer.concat(session.pending).toString('base64');
    session.pending = [];
    session.pendingBytes = 0;
    this.deps.emitOutput({ sessionId: session.id, data }, session.owner);
  }

  private finish(
    session: Session,
    reason: ExecEndEvent['reason'],
    exitCode: number | null,
    message: string | null,
  ): void {
    if (session.finished) return;
    this.flush(session);
    session.finished = true;
    this.sessions.delete(session.id);
    const stream = session.stream;
    if (stream) {
      stream.on('error', () => undefined);
      stream.destroy();
    }
    if (reason !== 'exited') void this.reap(session);
    this.deps.emitEnd({ sessionId: session.id, reason, exitCode, message }, session.owner);
  }

  /** Ends what is left of a session the client closed (best effort; the log says when it fails). */
  private async reap(session: Session): Promise<void> {
    try {
      const inspect = (await session.exec.inspect()) as { Running?: boolean };
      if (!inspect.Running) return;
      const reaper = await session.container.exec({
        Cmd: [...SHELL_COMMANDS[session.shell], '-c', REAP_SCRIPT, 'reap', session.id],
        AttachStdin: false,
        AttachStdout: false,
        AttachStderr: false,
        Tty: false,
        ...(session.user ? { User: session.user } : {}),
      });
      await reaper.start({ Detach: true });
    } catch (error) {
      this.deps.logger.warn('could not end the processes of a closed shell', {
        hostId: session.hostId,
        container: session.containerId,
        error,
      });
    }
  }
}
