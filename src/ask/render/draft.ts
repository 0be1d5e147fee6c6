import type { FormatConfig } from '../../config/behavior-config.js';
import type { Hit } from '../../store/knowledge-store.js';
import type { EvidenceUnit } from '../evidence/units.js';
import { splitSentences } from '../evidence/units.js';

/** A list item or sentence of an answer, with the evidence it was taken from (none for a model's). */
export interface Segment {
  text: string;
  units: readonly EvidenceUnit[];
  /** Passages a model cited for this segment with `[n]`. */
  cites?: readonly Hit[];
}

/** An answer before validation and grounding. */
export interface Draft {
  /** The answer as it will be given. */
  text: string;
  /** The answer's items or sentences (text formats), for removing one without rewriting the rest. */
  segments: Segment[];
  opening?: string | undefined;
  closing?: string | undefined;
  /** JSON-schema format: the object. */
  structured?: unknown;
  /** Passages cited outside the segments (a model's `[n]` markers in its opening or closing). */
  cited: Hit[];
}

/** Render segments in a text format, with the voice's opening and closing lines. */
export function renderSegments(
  format: FormatConfig,
  parts: { segments: readonly Segment[]; opening?: string | undefined; closing?: string | undefined },
): string {
  const body =
    format.type === 'numbered_list'
      ? parts.segments.map((segment, index) => `${index + 1}. ${segment.text}`).join('\n')
      : parts.segments.map((segment) => segment.text).join(' ');
  const separator = format.type === 'numbered_list' ? '\n\n' : ' ';
  return [parts.opening, body, parts.closing].filter((part) => part !== undefined && part !== '').join(separator);
}

/**
 * Read a model's text answer into segments: numbered or bulleted lines are items, and the lines around
 * them its opening and closing; prose is split into sentences. `[n]` citation markers are removed and
 * resolved to the numbered passages, per segment, so that removing a segment removes its citations.
 */
export function parseModelText(format: FormatConfig, raw: string, passages: readonly Hit[]): Draft {
  const take = (piece: string) => {
    const cites = new Set<Hit>();
    const text = piece
      .replace(markers, (_, numbers: string) => {
        for (const number of numbers.split(',')) {
          const hit = passages[Number(number.trim()) - 1];
          if (hit) cites.add(hit);
        }
        return '';
      })
      .trim();
    return { text, units: [], cites: [...cites] };
  };
  const text = take(raw).text;
  if (format.type !== 'numbered_list') {
    // "... 30 days. [1] Shipping ..." → "... 30 days [1]. Shipping ...", so sentences split where they end.
    const moved = raw.replace(/([.!?])((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)/g, '$2$1');
    return { text, segments: splitSentences(moved).map(take), cited: [] };
  }
  const before: string[] = [];
  const after: string[] = [];
  const cited: Hit[] = [];
  const segments: Segment[] = [];
  for (const line of raw.split('\n')) {
    const item = /^\s*(?:\d+[.)]|[-*+])\s+(.*)$/.exec(line);
    if (item) {
      segments.push(take(item[1] ?? ''));
      continue;
    }
    const other = take(line);
    if (!other.text) continue;
    (segments.length === 0 ? before : after).push(other.text);
    cited.push(...other.cites);
  }
  return {
    text,
    segments,
    opening: before.length > 0 ? before.join(' ') : undefined,
    closing: after.length > 0 ? after.join(' ') : undefined,
    cited,
  };
}

const markers = /\s*\[(\d+(?:\s*,\s*\d+)*)\]/g;
