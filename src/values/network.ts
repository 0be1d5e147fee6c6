import { isIPv4, isIPv6 } from 'node:net';
import { type Candidate, collect } from './candidate.js';

/**
 * Addresses on the network: URLs (`https://…`, `www.…`, or a bare domain with a common top-level domain),
 * normalized `url:` + lowercase host without `www.` + path without a trailing slash; emails, lowercased;
 * IPv4 and IPv6 addresses, validated by `node:net`.
 */

const trailing = /[.,;:!?)\]}'"»>*_]+$/;
const topLevel =
  'com|org|net|edu|gov|io|co|ai|app|dev|info|biz|uk|de|fr|nl|es|ca|au|ch|se|dk|fi|pt|br|jp|hu|pl|cz|at|be|ie';
const urlPattern = new RegExp(
  `(?:\\bhttps?://|\\bwww\\.)[^\\s<>"'\`]+|(?<![\\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${topLevel})\\b(?:/[^\\s<>"'\`]*)?`,
  'gi',
);
const emailPattern = /(?<![\w.+-])[\w.+-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b/gi;
const ipv4Pattern = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)/g;
const ipv6Pattern = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})(?![\w:])/gi;

function normalizeUrl(raw: string): string {
  const withoutScheme = raw.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
  const slash = withoutScheme.indexOf('/');
  const host = (slash === -1 ? withoutScheme : withoutScheme.slice(0, slash)).toLowerCase();
  const path = slash === -1 ? '' : withoutScheme.slice(slash).replace(/\/+$/, '');
  return `url:${host}${path}`;
}

export function recognizeUrls(text: string): Candidate[] {
  if (!/\.[a-z]/i.test(text)) return [];
  return collect(text, urlPattern, (match) => {
    const raw = match[0].replace(trailing, '');
    if (raw.length < 4 || /^\d+(\.\d+)+$/.test(raw)) return undefined;
    return { kind: 'url', start: match.index, end: match.index + raw.length, normalized: normalizeUrl(raw) };
  });
}

export function recognizeEmails(text: string): Candidate[] {
  if (!text.includes('@')) return [];
  return collect(text, emailPattern, (match) => {
    const raw = match[0].replace(/^[.+-]+/, '');
    const start = match.index + match[0].length - raw.length;
    return { kind: 'email', start, end: start + raw.length, normalized: `email:${raw.toLowerCase()}` };
  });
}

export function recognizeIps(text: string): Candidate[] {
  const found: Candidate[] = [];
  if (/\d\.\d/.test(text)) {
    found.push(
      ...collect(text, ipv4Pattern, (match) =>
        isIPv4(match[0])
          ? { kind: 'ip', start: match.index, end: match.index + match[0].length, normalized: `ip:${match[0]}` }
          : undefined,
      ),
    );
  }
  if (text.includes(':')) {
    found.push(
      ...collect(text, ipv6Pattern, (match) =>
        isIPv6(match[0]) && /[0-9a-f]{2}/i.test(match[0]) && match[0].split(':').length >= 3
          ? {
              kind: 'ip',
              start: match.index,
              end: match.index + match[0].length,
              normalized: `ip:${match[0].toLowerCase()}`,
            }
          : undefined,
      ),
    );
  }
  return found;
}
