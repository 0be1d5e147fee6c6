import type { Hit } from '../../store/knowledge-store.js';
import type { StateRecord } from '../ask-result.js';
import { contentTerms } from './terms.js';

/** Where a unit of evidence came from. */
export type UnitSource =
  | { type: 'passage'; hit: Hit; rank: number }
  | { type: 'state'; connector: string; record: StateRecord; recordIndex: number };

/** A sentence or list item of a passage, or one record of state, as the composer may quote it. */
export interface EvidenceUnit {
  text: string;
  source: UnitSource;
  /** Order within its source (sentences keep the document's order in answers). */
  position: number;
  /** Stemmed content words of the text. */
  terms: ReadonlySet<string>;
  /** Words around it: the passage's headings, or the connector's `when` words. */
  context: ReadonlySet<string>;
}

/** Split a passage into sentences and list items, markdown markup removed. */
export function passageUnits(hit: Hit, rank: number): EvidenceUnit[] {
  const context = new Set(contentTerms([hit.title, ...hit.heading_path].join(' ')));
  return splitSentences(hit.text).map((text, position) => ({
    text,
    source: { type: 'passage', hit, rank },
    position,
    terms: new Set(contentTerms(text)),
    context,
  }));
}

/** One unit per record, rendered with the connector's template or as `field: value` pairs. */
export function stateUnits(options: {
  connector: string;
  records: readonly StateRecord[];
  template?: string | undefined;
  when?: readonly string[] | undefined;
}): EvidenceUnit[] {
  const context = new Set(contentTerms([options.connector, ...(options.when ?? [])].join(' ')));
  return options.records.map((record, recordIndex) => {
    const text = renderRecord(record, options.template);
    return {
      text,
      source: { type: 'state', connector: options.connector, record, recordIndex },
      position: recordIndex,
      terms: new Set(contentTerms(text)),
      context,
    };
  });
}

export function renderRecord(record: StateRecord, template?: string): string {
  if (template) {
    return template.replace(/\{([A-Za-z_][\w.]*)\}/g, (_, field: string) => scalar(record[field]));
  }
  const pairs = Object.entries(record)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([field, value]) => `${field.replace(/_/g, ' ')}: ${scalar(value)}`);
  return `${pairs.join('; ')}.`;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Markdown → plain sentences: list items and table rows stay whole, paragraphs are split at sentence ends. */
export function splitSentences(markdown: string): string[] {
  const units: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    const text = plain(paragraph.join(' '));
    paragraph = [];
    if (!text) return;
    for (const sentence of text.split(/(?<=[.!?])\s+(?=["'(]?[A-Z0-9$€£])/))
      if (sentence.trim()) units.push(sentence.trim());
  };
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const text = plain(item[1] ?? '');
      if (text) units.push(text);
    } else if (/^\s*\|/.test(line)) {
      flush();
      if (!/^\s*\|[\s|:-]+\|?\s*$/.test(line))
        units.push(
          plain(
            line
              .split('|')
              .map((cell) => cell.trim())
              .filter(Boolean)
              .join(', '),
          ),
        );
    } else if (!line.trim() || /^\s*#/.test(line)) {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return units;
}

function plain(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\s][^*_]*?)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}
