/**
 * The headless companion: `npm run companion` (built: `node out/companion/index.js --port 0 --data-dir …`).
 * Prints the page URL with its token and a machine-readable READY line, and stops cleanly on SIGINT/SIGTERM.
 */
// Must stay the first import: it refuses a too-old Node before the native SQLite module is loaded.
import './require-node';
import { OptionsError, parseCompanionOptions, USAGE } from './options';
import { startCompanion, type Companion } from './server';

/** Scripts and tests wait for this prefix on stdout and parse the JSON after it. */
const READY_PREFIX = 'TIDEWATCH_COMPANION_READY';

async function main(): Promise<number> {
  let options;
  try {
    options = parseCompanionOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const companion = await startCompanion({ ...options, env: process.env, prettyLogs: true });
  process.stdout.write(`Tidewatch companion: ${companion.url}\n`);
  process.stdout.write(
    `${READY_PREFIX} ${JSON.stringify({ port: companion.port, url: companion.url, tokenFile: companion.tokenFile })}\n`,
  );
  await untilSignal(companion);
  return 0;
}

function untilSignal(companion: Companion): Promise<void> {
  return new Promise((done) => {
    const stop = (signal: NodeJS.Signals) => {
      companion.logger.info('stopping', { signal });
      void companion.close().then(done, (error: unknown) => {
        companion.logger.error('stop failed', { error });
        done();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Startup failures (port in use, unreadable data folder) end here: one clear line, no stack for users.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Tidewatch companion failed to start: ${message}\n`);
    process.exit(1);
  },
);
