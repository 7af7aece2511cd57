/**
 * A browser origin as the `Origin` header carries it: `http(s)://host[:port]`, lower-case, without a
 * default port, a path or a trailing slash. Answers undefined for anything else (a path, a query,
 * credentials, a wildcard, another scheme), so a list of origins never holds a pattern.
 */
export function normalizeOrigin(raw: string): string | undefined {
  const trimmed = raw.trim().replace(/\/$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/' || trimmed.includes('*')) return undefined;
  return url.origin;
}
