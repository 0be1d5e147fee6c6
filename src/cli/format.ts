import { pc } from '../util/colors.js';

/** A plain text table: a header row and aligned columns, no borders. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [pc.bold(line(header)), ...rows.map(line)].join('\n');
}

/** The first `max` characters of a passage on one line, cut at a word. */
export function excerpt(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

/** `2026-11-25T10:04:12.123Z` → `2026-11-25 10:04`. */
export function shortTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

export function effectiveRange(from: string | null, until: string | null): string {
  if (!from && !until) return '';
  if (from && until) return `in effect ${from} to ${until}`;
  return from ? `in effect from ${from}` : `in effect until ${until}`;
}

export { plural } from '../util/plural.js';
