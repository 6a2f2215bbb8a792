export interface ClosePolicyState {
  /** The user chose Quit (menu, tray, Cmd+Q) or the OS is ending the session. */
  quitting: boolean;
  /** The `closeToTray` setting. */
  closeToTray: boolean;
  /** Whether a tray icon exists to bring the window back. */
  hasTray: boolean;
}

/** Closing the window hides it to the tray (polling goes on) unless quitting, the setting is off, or no tray exists. */
export function shouldHideOnClose(state: ClosePolicyState): boolean {
  return !state.quitting && state.closeToTray && state.hasTray;
}
