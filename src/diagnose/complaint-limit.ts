import { InputError, type InputLocation } from '../errors.js';

/**
 * The longest complaint `seam diagnose` takes, in characters: 50,000, ten times a long forum post. The
 * splitter is linear in the length (see segment-text.ts), so the limit bounds the output rather than
 * the time: every clause becomes a strand with its plan, and a document pasted as a complaint would
 * print thousands of them. Longer input is refused with a located error, never cut silently.
 */
export const maxComplaintCharacters = 50_000;

/** Throw an InputError naming the location when the complaint is longer than the limit. */
export function checkComplaintLength(complaint: string, location: InputLocation = {}): void {
  if (complaint.length <= maxComplaintCharacters) return;
  throw new InputError(
    `the complaint is ${complaint.length.toLocaleString('en-US')} characters; seam diagnose takes at most ` +
      `${maxComplaintCharacters.toLocaleString('en-US')} (diagnose one complaint at a time, or split the text)`,
    { field: 'text', ...location },
  );
}
