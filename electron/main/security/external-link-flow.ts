import { safeExternalUrl } from './external-url';

export type ExternalLinkOutcome = 'opened' | 'declined' | 'refused';

export interface ExternalLinkSteps {
  /** Asks the user; resolves true only on an explicit "open". */
  confirm(url: string): Promise<boolean>;
  open(url: string): Promise<void>;
}

/**
 * What happens to a link the app will not navigate to: anything but plain http(s) is refused outright;
 * an http(s) link opens in the browser only after the user says so, since a page (or a log line rendered
 * as a link) should not be able to launch the browser on its own. Plain logic, so it is tested without
 * Electron; open-external.ts supplies the dialog and the shell.
 */
export async function openExternalAfterConfirm(
  raw: unknown,
  steps: ExternalLinkSteps,
): Promise<ExternalLinkOutcome> {
  const url = safeExternalUrl(raw);
  if (url === null) return 'refused';
  if (!(await steps.confirm(url))) return 'declined';
  await steps.open(url);
  return 'opened';
}
