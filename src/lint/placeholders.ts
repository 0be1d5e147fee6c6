/**
 * Placeholders for one example, consistent across it: the same email is `{email_1}` in every message, a second
 * one `{email_2}`, and "Jane" after "Jane Doe" is the same person.
 */
export class Placeholders {
  private readonly byValue = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  /** The placeholder for a value of kind `code` (a value kind: `email`, `person`, `order_id`, ...). */
  for(code: string, value: string): string {
    const text = value.toLowerCase();
    const key = `${code}\u0000${text}`;
    let placeholder = this.byValue.get(key) ?? this.partOfKnownName(code, text);
    if (!placeholder) {
      const count = (this.counters.get(code) ?? 0) + 1;
      this.counters.set(code, count);
      placeholder = `{${code}_${count}}`;
    }
    this.byValue.set(key, placeholder);
    return placeholder;
  }

  private partOfKnownName(code: string, text: string): string | undefined {
    if (code !== 'person') return undefined;
    const words = text.split(/\s+/);
    for (const [key, placeholder] of this.byValue) {
      const [knownCode, known] = key.split('\u0000') as [string, string];
      const knownWords = known.split(/\s+/);
      if (
        knownCode === 'person' &&
        (words.every((word) => knownWords.includes(word)) || knownWords.every((word) => words.includes(word)))
      ) {
        return placeholder;
      }
    }
    return undefined;
  }
}
