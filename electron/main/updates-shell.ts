/**
 * Connects the update watch to the desktop: tray count and menu on every `updates.changed`, the app badge
 * where the OS has one, and a native notification per detected batch whose click opens the Updates page
 * filtered to that host; a notification per finished deploy opens the Deployments page. Attached
 * companions' pending updates join the tray (named with their origin) and notify the same way. Decisions live in tray-menu-model.ts (unit-tested); this file only calls Electron.
 */
import { app, Notification } from 'electron';
import type { Core } from '../core/app';
import { deployNotice } from '../core/deploy/deploy-notice';
import { companionDeployText, webhookNoticeText } from '../core/webhooks/webhook-notice';
import type { Logger } from '../core/logging/logger';
import { withCompanionModels } from '../core/notify/tray-model';
import type { TrayController } from './tray';
import { updatesPath } from './tray-menu-model';

export interface UpdatesShellDeps {
  core: Core;
  tray: TrayController | null;
  logger: Logger;
  /** Shows (creating if needed) the main window. */
  openWindow(): void;
}

export function wireUpdatesShell({ core, tray, logger, openWindow }: UpdatesShellDeps): () => void {
  const refresh = () => {
    core.updates
      .trayModel()
      .then((local) => withCompanionModels(local, core.companionUpdates.trayModels()))
      .then((model) => {
        tray?.setModel(model);
        // Dock badge on macOS, Unity launcher count on some Linux desktops; a no-op elsewhere.
        app.setBadgeCount(model.pending);
      })
      .catch((error: unknown) => logger.warn('tray update failed', { error }));
  };
  const stopChanged = core.events.on('updates.changed', refresh);
  const stopCompanionChanged = core.companionUpdates.onChange(refresh);
  const stopNotify = core.updates.onDesktopNotification((planned) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: planned.title, body: planned.body });
    notification.on('click', () => {
      openWindow();
      core.events.emit('app.navigate', { path: updatesPath(planned.target.hostId) });
    });
    notification.show();
  });
  // A deploy's result, as the outgoing notifiers get it; a click opens the Deployments page.
  const stopDeploys = core.deploys.onFinished((deploy) => {
    if (!Notification.isSupported() || !core.settings.get().desktopNotifications) return;
    const hostName = core.hosts.list().find((host) => host.id === deploy.hostId)?.name ?? deploy.hostId;
    const notice = deployNotice(deploy, hostName);
    const notification = new Notification({ title: notice.title, body: notice.body });
    notification.on('click', () => {
      openWindow();
      const path = deploy.workloadId ? `/workloads/${deploy.workloadId}` : '/deployments';
      core.events.emit('app.navigate', { path });
    });
    notification.show();
  });
  // A workload stage with a new tag waiting for a person (auto-deploy off, or it asks to confirm).
  const stopReady = core.workloads.onReady(({ workload, stage, tag }) => {
    if (!Notification.isSupported() || !core.settings.get().desktopNotifications) return;
    const notification = new Notification({
      title: `${workload.name} ${stage.name}: ${tag} is ready to deploy`,
      body: stage.confirm
        ? 'This stage asks for a confirmation before each deploy.'
        : 'Auto-deploy is off for this stage.',
    });
    notification.on('click', () => {
      openWindow();
      core.events.emit('app.navigate', { path: `/workloads/${workload.id}` });
    });
    notification.show();
  });
  // Webhook intake: a DIUN notification, or a pushed image no workload uses.
  const stopHooks = core.webhooks.onNotice((notice) => {
    if (!Notification.isSupported() || !core.settings.get().desktopNotifications) return;
    const hostName = (hostId: string) => core.hosts.list().find((host) => host.id === hostId)?.name ?? null;
    const text = webhookNoticeText(notice, hostName);
    const notification = new Notification({ title: text.title, body: text.body });
    notification.on('click', () => {
      openWindow();
      core.events.emit('app.navigate', { path: text.path });
    });
    notification.show();
  });
  // An attached companion's deploy results, marked with its name.
  const stopCompanions = core.events.on('companions.event', (relayed) => {
    if (!Notification.isSupported() || !core.settings.get().desktopNotifications) return;
    const text = companionDeployText(relayed);
    if (text) new Notification(text).show();
  });
  // Updates an attached companion found: batched per host like our own; a click opens them on its core.
  const stopCompanionDetected = core.companionUpdates.onDetected((detection) => {
    if (!Notification.isSupported() || !core.settings.get().desktopNotifications) return;
    const notification = new Notification({ title: detection.title, body: detection.body });
    notification.on('click', () => {
      openWindow();
      core.events.emit('app.navigate', { path: updatesPath(detection.hostId, detection.companionId) });
    });
    notification.show();
  });
  refresh();
  return () => {
    stopCompanionChanged();
    stopCompanionDetected();
    stopHooks();
    stopCompanions();
    stopChanged();
    stopNotify();
    stopDeploys();
    stopReady();
  };
}

/** Tray menu handlers that need the core: open the Updates page (optionally filtered), start a check. */
export function updatesTrayActions(core: Core, openWindow: () => void) {
  return {
    openUpdates(hostId: string, companionId?: number) {
      openWindow();
      core.events.emit('app.navigate', { path: updatesPath(hostId, companionId) });
    },
    checkNow() {
      core.updates.checkNow();
    },
  };
}
