import { InputError } from '../errors.js';

/** Strict UTF-8: a bad byte is reported with its line and column, never silently replaced. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // The longest prefix that decodes (an unfinished character at its end is allowed) ends where the bad byte is.
    const decodes = (length: number) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    let low = 0;
    let high = bytes.length;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (decodes(middle)) low = middle;
      else high = middle - 1;
    }
    const validUpTo = startOfUnfinishedCharacter(bytes, low);
    const before = bytes.subarray(0, validUpTo);
    const line = before.filter((byte) => byte === 0x0a).length + 1;
    const column = validUpTo - before.lastIndexOf(0x0a);
    const byte = bytes[validUpTo]?.toString(16).padStart(2, '0') ?? '??';
    throw new InputError(`not valid UTF-8 (byte 0x${byte} at column ${column}); save the file as UTF-8`, {
      file,
      line,
    });
  }
}

/** If `end` falls inside a multi-byte character whose bytes are not all there, where that character starts. */
function startOfUnfinishedCharacter(bytes: Uint8Array, end: number): number {
  let lead = end;
  while (lead > 0 && end - lead < 3 && ((bytes[lead - 1] ?? 0) & 0xc0) === 0x80) lead--;
  const first = bytes[lead - 1] ?? 0;
  if (lead === 0 || first < 0xc0) return end;
  const length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : 2;
  return end - (lead - 1) < length ? lead - 1 : end;
}
