import { z } from 'zod';
import { InputError } from '../errors.js';

/** The largest count any option accepts unless it says otherwise: a 32-bit signed integer, safe in SQLite and PostgreSQL. */
export const maxCount = 2_147_483_647;

export interface CountLimits {
  /** Smallest accepted value (default 0). */
  min?: number;
  /** Largest accepted value (default `maxCount`). */
  max?: number;
}

/**
 * The one validator of every numeric option and argument of every command: a whole number written in
 * digits, within `[min, max]`. Anything else (`abc`, `1.5`, `-3`, `1e3`, `99999999999999999999`) is an
 * `InputError` naming the option, before any command touches a store.
 */
export function countOption(name: string, limits: CountLimits = {}): (value: string) => number {
  const min = limits.min ?? 0;
  const max = limits.max ?? maxCount;
  const range = `from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;
  const schema = z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be ${range}`).max(max, `must be ${range}`).int(`must be ${range}`));
  return (value) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    const problem = parsed.error.issues[0]?.message ?? 'must be a whole number';
    const hint = problem.includes(range) ? '' : ` (${range})`;
    throw new InputError(`${problem}, got '${shown}'${hint}`, { field: name });
  };
}
