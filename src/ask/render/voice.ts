import type { VoiceConfig } from '../../config/behavior-config.js';

/** Apply the voice's literal rewrites (case-insensitive, keeping a leading capital). */
export function applyRewrites(text: string, rewrite: VoiceConfig['rewrite']): string {
  let result = text;
  for (const [from, to] of Object.entries(rewrite)) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(from)}(?![\\p{L}\\p{N}])`, 'giu');
    result = result.replace(pattern, (found) =>
      /^\p{Lu}/u.test(found) && to.length > 0 ? `${to[0]?.toUpperCase()}${to.slice(1)}` : to,
    );
  }
  return result;
}

/** The first avoided phrase the text contains, if any. */
export function avoidedPhrase(text: string, avoid: readonly string[]): string | undefined {
  const lower = text.toLowerCase();
  return avoid.find((phrase) => lower.includes(phrase.toLowerCase()));
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
