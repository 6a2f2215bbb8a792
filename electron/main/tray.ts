import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { TrayModel } from '../core/notify/tray-model';
import { trayTooltip } from './tray-text';
import { trayIconFile, trayMenuEntries, type TrayAction } from './tray-menu-model';

export interface TrayActions {
  open(): void;
  quit(): void;
  /** Optional until the shell wires updates: without them the menu has only Open and Quit actions. */
  openUpdates?(hostId: string, companionId?: number): void;
  checkNow?(): void;
}

export interface TrayController {
  /** Shows the badge icon and the count in the tooltip while updates wait in the inbox. */
  setUpdatesPending(count: number): void;
  /** Icon, tooltip and the per-host menu lines from the core's tray model. */
  setModel(model: TrayModel): void;
  destroy(): void;
}

/**
 * The tray icon: hosts with pending updates, Check now, Open, Quit; click to open. Icons are tray.png and
 * tray@2x.png (Electron picks the @2x file on HiDPI screens); tray-badge*.png while updates are pending.
 */
export function createTray(resourcesDir: string, actions: TrayActions): TrayController {
  const icon = (pending: number) => nativeImage.createFromPath(join(resourcesDir, trayIconFile(pending)));
  const tray = new Tray(icon(0));
  const run = (action: TrayAction) => {
    if (action.kind === 'open') actions.open();
    else if (action.kind === 'quit') actions.quit();
    else if (action.kind === 'check-now') actions.checkNow?.();
    else actions.openUpdates?.(action.hostId, action.companionId);
  };
  const setMenu = (model: TrayModel) => {
    const template: MenuItemConstructorOptions[] = trayMenuEntries(model).map((entry) =>
      'separator' in entry
        ? { type: 'separator' }
        : { label: entry.label, enabled: entry.enabled ?? true, click: () => run(entry.action) },
    );
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };
  tray.setToolTip(trayTooltip(0));
  setMenu({ pending: 0, tooltip: trayTooltip(0), hosts: [] });
  tray.on('click', () => actions.open());
  return {
    setUpdatesPending(count) {
      tray.setImage(icon(count));
      tray.setToolTip(trayTooltip(count));
    },
    setModel(model) {
      tray.setImage(icon(model.pending));
      tray.setToolTip(model.tooltip);
      setMenu(model);
    },
    destroy() {
      tray.destroy();
    },
  };
}
