import { Menu, nativeImage, Tray } from 'electron';
import { join } from 'node:path';
import { trayTooltip } from './tray-text';

export interface TrayActions {
  open(): void;
  quit(): void;
}

export interface TrayController {
  /** Shows the badge icon and the count in the tooltip while updates wait in the inbox. */
  setUpdatesPending(count: number): void;
  destroy(): void;
}

/**
 * The tray icon: Open / Quit, click to open. Icons are tray.png and tray@2x.png (Electron picks the
 * @2x file on HiDPI screens); tray-badge*.png while updates are pending.
 */
export function createTray(resourcesDir: string, actions: TrayActions): TrayController {
  const plain = nativeImage.createFromPath(join(resourcesDir, 'tray.png'));
  const badge = nativeImage.createFromPath(join(resourcesDir, 'tray-badge.png'));
  const tray = new Tray(plain);
  tray.setToolTip(trayTooltip(0));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open Tidewatch', click: () => actions.open() },
      { type: 'separator' },
      { label: 'Quit', click: () => actions.quit() },
    ]),
  );
  tray.on('click', () => actions.open());
  return {
    setUpdatesPending(count) {
      tray.setImage(count > 0 ? badge : plain);
      tray.setToolTip(trayTooltip(count));
    },
    destroy() {
      tray.destroy();
    },
  };
}
