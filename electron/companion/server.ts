import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { createWsApi, type WsApi } from '../core/api/ws-server';
import { createCore, type Core, type CoreOptions } from '../core/app';
import { preparePrivateDir } from '../core/fs/private-files';
import type { Logger } from '../core/logging/logger';
import { setupLogging } from '../core/logging/setup';
import { chooseSecretStore, SECRET_ENV } from '../core/secrets/choose-secret-store';
import { ensureLocalEngine } from './local-engine';
import { defaultSecretKeyFile, type CompanionOptions } from './options';
import { createStaticHandler } from './static-server';
import { answerAndClose, decideUpgrade } from './upgrade-gate';
import { generateToken, readTokenFile, TOKEN_FILE_NAME, writeTokenFile } from './token';

/** The project root: electron/companion/../.. from the sources, out/companion/../.. from the build. */
const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const DEFAULT_RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');
const BIND_ADDRESS = '127.0.0.1';
export const API_PATH = '/api';

export interface Companion {
  port: number;
  /** The page to open, with the token in the fragment (never sent to the server in a request line). */
  url: string;
  token: string;
  tokenFile: string;
  core: Core;
  logger: Logger;
  close(): Promise<void>;
}

export interface StartOptions extends CompanionOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Human-readable logs on stderr as well as the log file. */
  prettyLogs?: boolean;
  /** SSH tuning passed to the core; the UI benchmark's synthetic fleet gives its own dialer here. */
  ssh?: CoreOptions['ssh'];
}

/**
 * Starts the headless companion: the core (mode 'companion'), the built renderer and the WebSocket API on
 * 127.0.0.1. Returns once it listens; `close()` stops the API, the server and the core, in that order.
 */
export async function startCompanion(options: StartOptions): Promise<Companion> {
  const loose = preparePrivateDir(options.dataDir);
  const logging = setupLogging(options.dataDir, { pretty: options.prettyLogs ?? false });
  const logger = logging.logger.child({ process: 'companion' });
  if (loose) logger.warn('data folder is readable by others', { problem: loose });
  const env = { ...options.env };
  if (options.secretKeyFile !== null) env[SECRET_ENV.keyFile] = options.secretKeyFile;
  const secrets = await chooseSecretStore({
    mode: 'companion',
    dataDir: options.dataDir,
    env,
    redactor: logging.redactor,
    defaultKeyFile: defaultSecretKeyFile(env, homedir()),
  });
  if (secrets.info.error)
    logger.warn('secret store unavailable', { backend: secrets.info.kind, reason: secrets.info.error });
  else if (secrets.info.keyFile)
    logger.info('secrets are encrypted with the key in this file; back it up', {
      keyFile: secrets.info.keyFile,
    });

  const core = createCore({
    dataDir: options.dataDir,
    secrets,
    logger,
    redactor: logging.redactor,
    mode: 'companion',
    version: readVersion(),
    webhooks: { listen: options.webhooks },
    ...(options.ssh ? { ssh: options.ssh } : {}),
  });
  if (options.localEngine !== null) {
    // Before the API listens, so the first page already lists it; a failed check is the host's state.
    await ensureLocalEngine(core, options.localEngine, hostname()).catch(async (error: unknown) => {
      await core.close();
      throw error;
    });
  }
  // Kept across restarts so open tabs reconnect by themselves; --new-token replaces it.
  const kept = options.newToken ? null : await readTokenFile(options.dataDir);
  const token = kept ?? generateToken();
  logging.redactor.register(token);
  const tokenFile = kept ? join(options.dataDir, TOKEN_FILE_NAME) : writeTokenFile(options.dataDir, token);

  let port = options.port;
  const server = createServer(
    createStaticHandler({ root: options.rendererDir ?? DEFAULT_RENDERER_DIR, port: () => port }),
  );
  const api = createWsApi({
    token,
    dispatcher: core.dispatcher,
    events: core.events,
    logger: logger.child({ service: 'ws' }),
  });
  guardConnections(server, logger);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
    routeUpgrade(request, socket, head, api, port),
  );
  // The webhook listener (DIUN, CI push, signed registry events) is the core's, on a port of its own: it
  // may accept other hosts while the UI and this API stay on loopback.

  try {
    port = await listen(server, options.port);
  } catch (error) {
    api.close();
    await core.close();
    throw error;
  }
  const url = `http://${BIND_ADDRESS}:${port}/#token=${token}`;
  logger.info('companion listening', { port, dataDir: options.dataDir });

  let closing: Promise<void> | null = null;
  return {
    port,
    url,
    token,
    tokenFile,
    core,
    logger,
    close() {
      closing ??= (async () => {
        api.close();
        const stopped = new Promise<void>((done) => server.close(() => done()));
        // Keep-alive browser connections would hold close() open until they time out.
        server.closeAllConnections();
        await stopped;
        await core.close();
      })();
      return closing;
    },
  };
}

/** Open sockets the companion serves at once: far above one user's tabs, far below the descriptor limit. */
export const MAX_CONNECTIONS = 256;

/**
 * Every socket gets an error listener (a reset from a hostile client must never become an uncaught
 * exception), malformed requests get one 400, and sockets beyond the cap get a 503 and are closed.
 */
function guardConnections(server: Server, logger: Logger): void {
  let open = 0;
  server.on('connection', (socket) => {
    socket.on('error', () => socket.destroy());
    open += 1;
    socket.once('close', () => (open -= 1));
    if (open > MAX_CONNECTIONS) answerAndClose(socket, 503, 'too many connections');
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'ECONNRESET') logger.debug('bad HTTP request', { code: error.code });
    answerAndClose(socket, 400, 'bad request');
  });
}

/** One decision and exactly one answer per upgrade request (Host, Origin, path). */
function routeUpgrade(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  api: WsApi,
  port: number,
): void {
  socket.on('error', () => socket.destroy());
  const decision = decideUpgrade(request, {
    port,
    apiPath: API_PATH,
    allowedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  });
  if (decision.accept) api.handleUpgrade(request, socket, head);
  else answerAndClose(socket, decision.status, decision.reason);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, BIND_ADDRESS, () => {
      server.off('error', reject);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
