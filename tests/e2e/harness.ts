/**
 * The e2e harness: the real companion (core + WebSocket API + built renderer) as a child process, and
 * Debian's Chromium driven by playwright-core against it. Reusable by every e2e test:
 *
 *   const companion = await startCompanionProcess({ env: { … } });
 *   const browser = await launchBrowser();
 *   const app = await openApp(browser, companion);   // page + console errors + CSP violations
 *   …
 *   await app.close(); await browser.close(); await companion.stop();
 *
 * Network rule: the browser may reach loopback only; any other request is aborted and recorded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createClient, type TidewatchClient } from '@shared/rpc/client';
import { COMPANION_ENTRY, ensureAppBuilt } from '../support/built-app';
import { createWebSocketTransport } from '@shared/rpc/ws-transport';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const READY_PREFIX = 'TIDEWATCH_COMPANION_READY ';
/** Guards against a companion that never starts; not a performance assertion. */
const START_LIMIT_MS = 90_000;

/** Builds the app when no build exists yet (CI builds before tests). */
export const ensureRendererBuilt = ensureAppBuilt;

export interface CompanionProcess {
  port: number;
  /** The page URL with `#token=…`. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  /** A typed client over the WebSocket API, for checking the core's state behind the UI. */
  client(): TidewatchClient & { close(): void };
  /** The pid of the Node process that runs the companion. */
  serverPid(): number;
  /** Whether that process is still running. */
  alive(): boolean;
  /** SIGTERM, wait for a clean exit; returns the exit code. Removes the data folder unless it was given. */
  stop(): Promise<number | null>;
}

export interface StartCompanionOptions {
  /** Extra environment (e.g. TIDEWATCH_SECRET_KEY); merged over the test process's own. */
  env?: Record<string, string>;
  /** Reuse a data folder (kept after stop); default: a fresh temp folder, removed after stop. */
  dataDir?: string;
  args?: string[];
  /**
   * Run it inside this network namespace (a lab host's: a companion "on a server"). Its loopback is then
   * that host's, so `client()` and the page URL do not reach it from here; only what it printed does.
   */
  netns?: string;
}

/** Starts `node out/companion/index.js --port 0 --data-dir <dir>`; waits for its READY line. */
export async function startCompanionProcess(options: StartCompanionOptions = {}): Promise<CompanionProcess> {
  ensureRendererBuilt();
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tidewatch-e2e-'));
  // The built companion, as a server runs it (`npm run build` comes first): the test's own Node (22) runs
  // it, so native modules match the ABI they were built for.
  const command = [
    process.execPath,
    COMPANION_ENTRY,
    '--port',
    '0',
    '--data-dir',
    dataDir,
    ...(options.args ?? []),
  ];
  if (options.netns) command.unshift('nsenter', `--net=${options.netns}`);
  const [program = process.execPath, ...args] = command;
  const child = spawn(program, args, {
    cwd: ROOT,
    // The companion's generated secret key goes beside the test's data, never into the real ~/.config.
    env: { ...process.env, XDG_CONFIG_HOME: join(dataDir, 'config'), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const ready = await waitForReady(child, () => output);
  const token = new URL(ready.url).hash.replace(/^#token=/, '');
  const origin = `http://127.0.0.1:${ready.port}`;
  const clients: Array<{ close(): void }> = [];
  return {
    port: ready.port,
    url: ready.url,
    origin,
    token,
    dataDir,
    output: () => output,
    client() {
      const transport = createWebSocketTransport({
        url: `ws://127.0.0.1:${ready.port}/api`,
        token,
        reconnectDelayMs: 0,
      });
      clients.push(transport);
      return Object.assign(createClient(transport), { close: () => transport.close() });
    },
    serverPid: () => child.pid ?? 0,
    alive: () => isRunning(child.pid ?? 0),
    async stop() {
      for (const client of clients) client.close();
      const code = await stopChild(child);
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function waitForReady(child: ChildProcess, output: () => string): Promise<{ port: number; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`companion did not report ready within ${START_LIMIT_MS} ms:\n${output()}`));
    }, START_LIMIT_MS);
    const onData = () => {
      const line = output()
        .split('\n')
        .find((candidate) => candidate.startsWith(READY_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolvePromise(JSON.parse(line.slice(READY_PREFIX.length)) as { port: number; url: string });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`companion exited (${code}) before it was ready:\n${output()}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(force);
      resolvePromise(code);
    });
    child.kill('SIGTERM');
  });
}

/** Debian's Chromium (`npx playwright install` cannot work here), headless, no background traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      // Belt and braces for the network rule: no host name resolves except localhost.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** console.error messages and uncaught page errors. */
  consoleErrors: string[];
  /** securitypolicyviolation events (CSP), as "directive blocked-uri". */
  cspViolations(): Promise<string[]>;
  /** Requests to anything but loopback, which were aborted. */
  blockedRequests: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Opens the companion's page (token in the fragment) in a fresh browser context and waits for the app shell. */
export async function openApp(
  browser: Browser,
  companion: CompanionProcess,
  options: { path?: string } = {},
): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const blockedRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || ['127.0.0.1', 'localhost'].includes(url.hostname))
      return route.continue();
    blockedRequests.push(url.toString());
    return route.abort('blockedbyclient');
  });
  // Init scripts run through the debugging protocol, so the page's CSP does not block this listener.
  await context.addInitScript({
    content: `window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
      });`,
  });
  const target = options.path ? companion.url.replace('/#', `${options.path}#`) : companion.url;
  await page.goto(target);
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  return {
    page,
    context,
    consoleErrors,
    blockedRequests,
    cspViolations: () => page.evaluate<string[]>('window.__cspViolations ?? []'),
    async screenshot(name) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, name);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => context.close(),
  };
}
