import { append } from '../util/append.js';
import { type Candidate, collect, groupEnd, groupStart } from './candidate.js';

/**
 * Plan, tier and membership names: the names the business passes in `planNames` (matched whole-word, any
 * case), `<Name> plan|tier|membership|subscription|package` with a capitalised name (`Pro plan`, `Premium
 * tier`), and the usual level words in any case (`gold membership`, `guest member`, `silver status`, `basic
 * plan`).
 * Normalized `plan:` + the lowercase name without the suffix, so `Gold plan` and `gold membership` compare
 * equal, as do `Pro` in `planNames` and `Pro plan`.
 */

const suffix = '(?:plans?|tiers?|memberships?|subscriptions?|packages?)';
const statusLevels = 'gold|silver|bronze|platinum|diamond|guest|premium|vip';
const planLevels =
  'basic|starter|pro|professional|plus|standard|enterprise|business|family|free|unlimited|annual|monthly';
const levelPattern = new RegExp(
  `\\b(?:(${statusLevels})\\s+(?:${suffix}|members?|level|status)|(${statusLevels}|${planLevels})\\s+${suffix})\\b`,
  'gdi',
);
const namedPattern = new RegExp(`\\b(\\p{Lu}[\\p{L}\\d+]*(?:\\s\\p{Lu}[\\p{L}\\d+]*)?)\\s+${suffix}\\b`, 'gdu');
const notNames = new Set(
  [
    'the|this|that|these|your|my|our|their|his|her|its|a|an|any|each|every|which|what|new|current|old|same|other',
    'i|if|when|one|no|all|some|upgrade|downgrade|change|cancel|choose|select|compare|view|manage|renew|pause|switch',
    'update|payment|data|phone|mobile|service|monthly|annual|yearly|paid|trial',
  ]
    .join('|')
    .split('|'),
);

const levelWord = new RegExp(`^(?:${statusLevels}|${planLevels})$`, 'i');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function candidate(match: RegExpExecArray, group: number, name: string): Candidate {
  return {
    kind: 'plan',
    start: groupStart(match, group),
    end: groupEnd(match, 0),
    normalized: `plan:${name.toLowerCase().replace(/\s+/g, ' ')}`,
  };
}

export function recognizePlans(text: string, planNames: readonly string[] = []): Candidate[] {
  const found: Candidate[] = [];
  const names = planNames.map((name) => name.trim()).filter((name) => name.length > 0);
  if (names.length > 0) {
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])(${names.map(escapeRegExp).join('|')})(?:\\s+${suffix})?(?![\\p{L}\\p{N}])`,
      'gdiu',
    );
    append(
      found,
      collect(text, pattern, (match) => candidate(match, 1, match[1] ?? '')),
    );
  }
  if (!/plan|tier|member|subscri|package|level|status/i.test(text)) return found;
  found.push(
    ...collect(text, levelPattern, (match) => {
      const group = match[1] === undefined ? 2 : 1;
      return candidate(match, group, match[group] ?? '');
    }),
  );
  found.push(
    ...collect(text, namedPattern, (match) => {
      const name = match[1] ?? '';
      const first = name.split(/\s/)[0]?.toLowerCase() ?? '';
      if (notNames.has(first) || first.endsWith('ing') || levelWord.test(name)) return undefined;
      return candidate(match, 1, name);
    }),
  );
  return found;
}
