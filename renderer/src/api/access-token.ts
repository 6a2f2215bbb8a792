const STORAGE_KEY = 'tidewatch.token';

/**
 * The companion prints `http://host:port/#token=…`. The token is moved from the address bar to
 * sessionStorage (survives a reload, not the tab) and the hash is removed so it is neither bookmarked
 * nor shown, and so the hash router starts clean.
 */
export function takeAccessToken(win: Window): string | null {
  const fromHash = new URLSearchParams(win.location.hash.replace(/^#/, '')).get('token');
  if (fromHash) {
    win.sessionStorage.setItem(STORAGE_KEY, fromHash);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return fromHash;
  }
  return win.sessionStorage.getItem(STORAGE_KEY);
}
