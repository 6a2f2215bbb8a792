/** What a registry asked for in `WWW-Authenticate`. */
export interface AuthChallenge {
  scheme: 'basic' | 'bearer' | 'unknown';
  params: Record<string, string>;
}

const PARAM = /\s*([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/y;

/**
 * Parses one challenge (`Bearer realm="…",service="…",scope="…"`). Registries send a single challenge;
 * should several arrive, Bearer is preferred because it is what the scope-based token cache serves.
 */
export function parseAuthChallenge(header: string | null): AuthChallenge | null {
  if (header === null || header.trim() === '') return null;
  const challenges = splitChallenges(header);
  return challenges.find((challenge) => challenge.scheme === 'bearer') ?? challenges[0] ?? null;
}

function splitChallenges(header: string): AuthChallenge[] {
  const result: AuthChallenge[] = [];
  let rest = header.trim();
  while (rest !== '') {
    const schemeMatch = /^([a-zA-Z][a-zA-Z0-9_-]*)(?:\s+|$)/.exec(rest);
    if (!schemeMatch?.[1]) break;
    const name = schemeMatch[1].toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
    const params: Record<string, string> = {};
    PARAM.lastIndex = 0;
    let consumed = 0;
    for (let match = PARAM.exec(rest); match; match = PARAM.exec(rest)) {
      const key = match[1];
      if (key === undefined) break;
      params[key.toLowerCase()] =
        match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
      consumed = PARAM.lastIndex;
    }
    rest = rest.slice(consumed).trim();
    result.push({ scheme: name === 'basic' ? 'basic' : name === 'bearer' ? 'bearer' : 'unknown', params });
  }
  return result;
}
