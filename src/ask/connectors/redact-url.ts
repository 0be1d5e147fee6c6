/**
 * URLs as they may appear in a message, a warning or a trace: the password of the userinfo and every
 * query-string value replaced by `***` (`postgres://seam:***@db:5432/app?password=***`). Query values
 * are hidden whatever their name, since an API key may travel as `?key=`, `?token=` or `?sig=`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactUnparsed(url);
  }
  const hasPassword = parsed.password !== '';
  const keys = [...new Set(parsed.searchParams.keys())];
  const base = `${parsed.protocol}//${parsed.username}${hasPassword ? ':***' : ''}${parsed.username || hasPassword ? '@' : ''}${parsed.host}${parsed.pathname}`;
  const query = keys.length > 0 ? `?${keys.map((key) => `${encodeURIComponent(key)}=***`).join('&')}` : '';
  return `${base}${query}`;
}

/**
 * A message with every secret a URL carries removed: the URL itself wherever it appears (redacted),
 * and its password and query values wherever a library copied them into its own text.
 */
export function redactMessage(message: string, url: string): string {
  let text = message.split(url).join(redactUrl(url));
  for (const secret of secretsOf(url)) text = text.split(secret).join('***');
  return text;
}

/** The password and query-string values of a URL (raw and decoded; 3 characters or more), longest first. */
function secretsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const values = [parsed.password, ...parsed.searchParams.values()];
  const raw = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair.includes('='))
    .map((pair) => pair.slice(pair.indexOf('=') + 1));
  const secrets = [...values, ...values.map(safeDecode), ...raw].filter((value) => value.length >= 3);
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A string that does not parse as a URL: strip what looks like a password and a query string. */
function redactUnparsed(text: string): string {
  return text.replace(/\/\/([^:@/\s]*):[^@/\s]*@/g, '//$1:***@').replace(/\?[^\s#]*/g, '?***');
}
