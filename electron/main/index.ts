/**
 * The Electron shell, kept thin: it wires the core (electron/core) to a window, a tray and IPC. Every
 * decision that can be made without Electron lives in a plain module beside this one and is unit-tested.
 */
import { app, ipcMain, Menu, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { preparePrivateDir } from '../core/fs/private-files';
import { createCore, type Core } from '../core/app';
import { setupLogging } from '../core/logging/setup';
import { chooseSecretStore } from '../core/secrets/choose-secret-store';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { applyDevServerCsp } from './dev-server';
import { EventBridge } from './event-bridge';
import { ipcConnectionId, registerIpc } from './ipc/register-ipc';
import { menuTemplate } from './menu';
import { shellPaths } from './paths';
import { denyPermissions, hardenAllWebContents } from './security/harden';
import { APP_ORIGIN, trustedOrigins } from './security/navigation';
import { createTray, type TrayController } from './tray';
import { updatesTrayActions, wireUpdatesShell } from './updates-shell';
import { createMainWindow, reveal } from './window';

// The dev server URL is trusted only in an unpackaged build: a packaged app never loads remote code.
const devServerUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;
const isDev = devServerUrl !== null;
const origins = trustedOrigins(devServerUrl);

app.enableSandbox();
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another Tidewatch runs: it gets our 'second-instance' and shows its window; this one leaves.
  app.quit();
} else {
  app.whenReady().then(start, (error: unknown) => {
    process.stderr.write(`Tidewatch failed to start: ${String(error)}\n`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  const paths = shellPaths({
    mainDir: import.meta.dirname,
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    userData: app.getPath('userData'),
    appPath: app.getAppPath(),
    env: process.env,
  });
  const loose = preparePrivateDir(paths.dataDir);
  const logging = setupLogging(paths.dataDir, { pretty: isDev });
  const logger = logging.logger.child({ process: 'main' });
  if (loose) logger.warn('data folder is readable by others', { problem: loose });

  hardenAllWebContents(app, origins, logger);
  denyPermissions(session.defaultSession, origins);
  if (devServerUrl !== null) applyDevServerCsp(session.defaultSession, devServerUrl);
  serveRenderer(paths.rendererDir);

  const secrets = await chooseSecretStore({
    mode: 'desktop',
    dataDir: paths.dataDir,
    env: process.env,
    redactor: logging.redactor,
  });
  if (secrets.info.error)
    logger.warn('secret store unavailable', { backend: secrets.info.kind, reason: secrets.info.error });
  const core = createCore({
    dataDir: paths.dataDir,
    secrets,
    logger,
    redactor: logging.redactor,
    mode: 'desktop',
    version: app.getVersion(),
  });

  const bridge = new EventBridge(core.events, (id) => core.dispatcher.connectionClosed(ipcConnectionId(id)));
  const stopIpc = registerIpc(ipcMain, {
    dispatcher: core.dispatcher,
    trustedOrigins: origins,
    onRendererReady: (id) => bridge.ready(id),
    logger: logger.child({ service: 'ipc' }),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ isDev, isMac: process.platform === 'darwin' })),
  );

  let quitting = false;
  let tray: TrayController | null = null;
  let window: BrowserWindow | null = null;

  const openWindow = () => {
    if (window === null || window.isDestroyed()) {
      window = createMainWindow({
        preloadPath: paths.preloadPath,
        iconPath: join(paths.resourcesDir, 'icon.png'),
        url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
        closePolicy: () => ({
          quitting,
          closeToTray: core.settings.get().closeToTray,
          hasTray: tray !== null,
        }),
      });
      bridge.attach(window.webContents);
      window.on('closed', () => (window = null));
    }
    reveal(window);
  };

  try {
    tray = createTray(paths.resourcesDir, {
      open: openWindow,
      quit: () => app.quit(),
      ...updatesTrayActions(core, openWindow),
    });
  } catch (error) {
    // Some Linux desktops have no status area; the window then simply closes instead of hiding.
    logger.warn('tray unavailable', { error });
  }

  const stopUpdatesShell = wireUpdatesShell({ core, tray, logger, openWindow });

  app.on('second-instance', openWindow);
  app.on('activate', openWindow);
  app.on('before-quit', () => (quitting = true));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  installShutdown(core, () => {
    stopIpc();
    stopUpdatesShell();
    tray?.destroy();
  });
  openWindow();
}

/** Closes the core (database, connections) before the process ends, once. */
function installShutdown(core: Core, beforeClose: () => void): void {
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    beforeClose();
    // Quit whatever happens: a core that fails to close must not keep the app alive.
    void core
      .close()
      .catch(() => undefined)
      .finally(() => app.quit());
  });
}
