const STORAGE_KEY = 'tidewatch.token';

/**
 * The companion prints `http://host:port/#token=…`. The token is moved from the address bar to
 * localStorage (this origin only; survives reloads, new tabs and bookmarks of the bare address, since the
 * companion keeps its token across restarts) and the hash is removed so it is neither bookmarked nor
 * shown, and so the hash router starts clean.
 */
export function takeAccessToken(win: Window): string | null {
  const fromHash = tokenFromText(win.location.hash);
  if (fromHash) {
    storeAccessToken(win, fromHash);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return fromHash;
  }
  return win.localStorage.getItem(STORAGE_KEY);
}

export function storeAccessToken(win: Window, token: string): void {
  win.localStorage.setItem(STORAGE_KEY, token);
}

/** The token from a pasted companion URL (`…#token=…`) or a pasted bare token; null when neither. */
export function tokenFromText(text: string): string | null {
  const trimmed = text.trim();
  const hash = trimmed.includes('#') ? trimmed.slice(trimmed.indexOf('#') + 1) : '';
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash) return fromHash;
  return /^[A-Za-z0-9_-]{20,512}$/.test(trimmed) ? trimmed : null;
}
