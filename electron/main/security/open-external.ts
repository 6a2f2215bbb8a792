import { dialog, shell, type BrowserWindow } from 'electron';
import { openExternalAfterConfirm, type ExternalLinkOutcome } from './external-link-flow';

/**
 * The only place that opens links outside the app (lint forbids `openExternal` anywhere else). Anything
 * but a plain http(s) URL is refused; an http(s) link opens in the browser after the user confirms it.
 */
export function openExternal(raw: unknown, parent?: BrowserWindow | null): Promise<ExternalLinkOutcome> {
  return openExternalAfterConfirm(raw, {
    async confirm(url) {
      const options = {
        type: 'question' as const,
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: 'Open this link in your browser?',
        detail: url.length > 500 ? `${url.slice(0, 500)}…` : url,
      };
      const answer = parent
        ? await dialog.showMessageBox(parent, options)
        : await dialog.showMessageBox(options);
      return answer.response === 0;
    },
    open: (url) => shell.openExternal(url, { activate: true }),
  });
}
