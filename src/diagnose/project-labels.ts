import type { CategoryId } from '../taxonomy/index.js';
import type { LabelledComplaint } from './dataset.js';

/**
 * Labels for the strands the splitter cuts, projected from a labelled complaint's gold strands. The writers
 * of the labelled sets cut strands more coarsely than the splitter does ("I run a small shop and use X for
 * payments" is one gold strand and two pieces), and `seam diagnose` classifies the splitter's pieces, so the
 * classifier is trained on pieces: each takes the categories of the gold strand it overlaps most, when that
 * overlap covers at least half of the piece; a piece that lies mostly outside every gold strand (a heading,
 * a sign-off) names no symptom.
 */
export interface ProjectedPiece {
  text: string;
  categories: readonly CategoryId[];
}

export function projectLabels(complaint: LabelledComplaint, pieces: readonly string[]): ProjectedPiece[] {
  // Pieces come out with runs of white space collapsed; compare on the same footing.
  const text = collapse(complaint.text);
  let cursor = 0;
  const spans = complaint.strands.map((strand) => {
    const written = collapse(strand.text);
    const start = text.indexOf(written, cursor);
    if (start >= 0) cursor = start + 1;
    return { start, end: start + written.length, categories: strand.categories };
  });
  let from = 0;
  return pieces.map((piece) => {
    const start = text.indexOf(piece, from);
    if (start < 0) return { text: piece, categories: [] };
    from = start + 1;
    const end = start + piece.length;
    let best: { overlap: number; categories: readonly CategoryId[] } = { overlap: 0, categories: [] };
    for (const span of spans) {
      if (span.start < 0) continue;
      const overlap = Math.min(end, span.end) - Math.max(start, span.start);
      if (overlap > best.overlap) best = { overlap, categories: span.categories };
    }
    return { text: piece, categories: best.overlap * 2 >= piece.length ? best.categories : [] };
  });
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}
