import { BrowserWindow } from 'electron';
import { shouldHideOnClose, type ClosePolicyState } from './close-policy';

export interface MainWindowOptions {
  preloadPath: string;
  iconPath: string;
  /** app://tidewatch/index.html, or the Vite dev server in development. */
  url: string;
  closePolicy: () => ClosePolicyState;
}

/** The one window: sandboxed renderer, context isolation, no Node, only the preload's bridge. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Tidewatch',
    icon: options.iconPath,
    backgroundColor: '#0b1e26',
    webPreferences: {
      preload: options.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (!shouldHideOnClose(options.closePolicy())) return;
    event.preventDefault();
    window.hide();
  });
  void window.loadURL(options.url);
  return window;
}

export function reveal(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
