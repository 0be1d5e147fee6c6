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
  /** Words of the list items it is nested in (`Refund method: valid options are` above `Gift card`). */
  parent?: ReadonlySet<string>;
  /** A list item (a step, an option) rather than a sentence of prose. */
  item?: boolean;
  /** Asks rather than tells: a question, or a list of them (`how wide is it, how long to wear in`). */
  asks?: boolean;
  /**
   * A list kept whole: an item and the items nested under it (`Refund method: valid options are` with
   * `Gift card`, `Paper check`, ...), quoted as one answer to a question asking for the options.
   */
  list?: boolean;
  /** A list's opening item (`Refund method: valid options are`): what the list is of. */
  head?: ReadonlySet<string>;
  /** A list that says it lists choices (`valid options are`, an item opening `Options include`). */
  announces?: boolean;
}

/** Split a passage into sentences and list items, markdown markup removed. */
export function passageUnits(hit: Hit, rank: number): EvidenceUnit[] {
  const headings = contentTerms([hit.title, ...hit.heading_path].join(' '));
  const split = splitUnits(hit.text);
  const units: EvidenceUnit[] = split.map((unit, position) => ({
    text: unit.text,
    source: { type: 'passage', hit, rank },
    position,
    terms: new Set(withUnnegated(contentTerms(unit.text))),
    context: new Set(headings),
    parent: new Set(contentTerms(unit.parents.join(' '))),
    item: unit.item,
    asks: asksRatherThanTells(unit.text),
  }));
  for (const list of listsOf(split)) {
    const text = `${list.head.text.replace(/[\s:.-]+$/, '')}: ${list.items.map((item) => item.text.replace(/\.$/, '')).join('; ')}.`;
    units.push({
      text,
      source: { type: 'passage', hit, rank },
      position: list.position,
      terms: new Set(withUnnegated(contentTerms(text))),
      context: new Set(headings),
      parent: new Set(contentTerms(list.head.parents.join(' '))),
      item: true,
      asks: list.items.some((item) => asksRatherThanTells(item.text)),
      list: true,
      head: new Set(contentTerms(list.head.text)),
      announces: [list.head.text, ...list.items.map((item) => item.text.split(/\s+/).slice(0, 3).join(' '))].some(
        (text) => contentTerms(text).some((term) => listingNouns.has(term)),
      ),
    });
  }
  return units;
}

/** Nouns with which a list says it lists choices (`valid options are`, `methods include`). */
const listingNouns = new Set(['option', 'choice', 'method', 'way', 'kind', 'type', 'level']);

/** Every list item with two or more items nested directly under it: a list of options or steps. */
function listsOf(units: readonly SplitUnit[]): { head: SplitUnit; items: SplitUnit[]; position: number }[] {
  const lists: { head: SplitUnit; items: SplitUnit[]; position: number }[] = [];
  units.forEach((head, position) => {
    if (!head.item) return;
    const path = [...head.parents, head.text];
    const items = units.filter(
      (unit) => unit.item && unit.parents.length === path.length && unit.parents.every((text, i) => text === path[i]),
    );
    if (items.length >= 2) lists.push({ head, items, position });
  });
  return lists;
}

/** Terms and, for `unlimited` or `nonrefundable`, the term they negate: a passage saying either is about it. */
function withUnnegated(terms: readonly string[]): string[] {
  return [
    ...terms,
    ...terms.flatMap((term) => (/^(?:un|non)[a-z]{4,}/.test(term) ? [term.replace(/^(?:un|non)/, '')] : [])),
  ];
}

/** A question, or a run of two or more clauses opening with a question word. */
export function asksRatherThanTells(text: string): boolean {
  const opensAsQuestion =
    /^\s*(?:how|what|when|where|which|why|who|does|do|is|are|can|could|should|will|would|has|have)\b/i;
  if (opensAsQuestion.test(text) && /\?\s*["')]?\s*$/.test(text)) return true;
  // A sentence naming the questions people ask (`which question the customer is asking: canceling
  // subscriptions, refund policy, return policy`): the topics of answers kept elsewhere, not an answer.
  if (/\bquestions?\b[^:]{0,60}:\s*[^,]+(?:,[^,]+){2,}/i.test(text)) return true;
  const openings = text.match(/(?:^|[,:;?]\s*)(?:how|what|when|where|which|why|does|do|is|are|can|has|any)\b/gi);
  return (openings?.length ?? 0) >= 2;
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
      asks: false,
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
  return splitUnits(markdown).map((unit) => unit.text);
}

/**
 * Markdown → plain sentences and list items, each with the text of the list items it is nested under
 * (`Silver members: ... 6 months` under `Confirm the order can be returned`): a nested item is read in its
 * parent's context.
 */
interface SplitUnit {
  text: string;
  parents: string[];
  item: boolean;
}

export function splitUnits(markdown: string): SplitUnit[] {
  const units: SplitUnit[] = [];
  let paragraph: string[] = [];
  let parents: { indent: number; text: string }[] = [];
  const flush = () => {
    const text = plain(paragraph.join(' '));
    paragraph = [];
    if (!text) return;
    for (const sentence of text.split(/(?<=[.!?])\s+(?=["'(]?[A-Z0-9$€£])/))
      if (sentence.trim()) units.push({ text: sentence.trim(), parents: [], item: false });
  };
  let fenced = false;
  let blank = false;
  for (const line of markdown.split('\n')) {
    const afterBlank = blank;
    blank = !line.trim();
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const item = /^(\s*)(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const indent = item[1]?.length ?? 0;
      parents = parents.filter((parent) => parent.indent < indent);
      const text = plain(item[2] ?? '');
      if (text) units.push({ text, parents: parents.map((parent) => parent.text), item: true });
      parents.push({ indent, text });
    } else if (/^\s*\|/.test(line)) {
      flush();
      parents = [];
      if (!/^\s*\|[\s|:-]+\|?\s*$/.test(line))
        units.push({
          text: plain(
            line
              .split('|')
              .map((cell) => cell.trim())
              .filter(Boolean)
              .join(', '),
          ),
          parents: [],
          item: false,
        });
    } else if (!line.trim() || /^\s*#/.test(line)) {
      flush();
      if (/^\s*#/.test(line)) parents = [];
    } else if (parents.length > 0 && (!afterBlank || /^\s{2,}/.test(line))) {
      // A continuation line of a list item belongs to the item.
      const last = units.at(-1);
      if (last) last.text = plain(`${last.text} ${line.trim()}`);
    } else {
      parents = [];
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
