/**
 * Placeholders for one example, consistent across it: the same email is `{email_1}` in every message, a second
 * one `{email_2}`, and "Jane" after "Jane Doe" is the same person.
 */
export class Placeholders {
  private readonly byValue = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  /** Each word of a person's name, and the names (lower case, single spaces) that hold it. */
  private readonly nameWords = new Map<string, Set<string>>();

  /** The placeholder for a value of kind `code` (a value kind: `email`, `person`, `order_id`, ...). */
  for(code: string, value: string): string {
    const text = value.toLowerCase().replace(/\s+/g, ' ').trim();
    const key = `${code}\u0000${text}`;
    let placeholder = this.byValue.get(key) ?? (code === 'person' ? this.partOfKnownName(text) : undefined);
    if (!placeholder) {
      const count = (this.counters.get(code) ?? 0) + 1;
      this.counters.set(code, count);
      placeholder = `{${code}_${count}}`;
    }
    this.byValue.set(key, placeholder);
    if (code === 'person') {
      for (const word of text.split(' ')) {
        const names = this.nameWords.get(word) ?? new Set();
        names.add(text);
        this.nameWords.set(word, names);
      }
    }
    return placeholder;
  }

  /** A known name whose words all are in `text`, or that has all of its words ("Jane" after "Jane Doe"). */
  private partOfKnownName(text: string): string | undefined {
    const words = text.split(' ');
    const candidates = new Set<string>();
    for (const word of words) for (const name of this.nameWords.get(word) ?? []) candidates.add(name);
    for (const known of candidates) {
      const knownWords = known.split(' ');
      if (words.every((word) => knownWords.includes(word)) || knownWords.every((word) => words.includes(word))) {
        return this.byValue.get(`person\u0000${known}`);
      }
    }
    return undefined;
  }
}
