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
  const range = `a whole number from ${min} to ${max.toLocaleString('en-US')}`;
  const schema = z
    .string()
    .trim()
    .regex(/^\d+$/, `must be ${range}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be ${range}`).max(max, `must be ${range}`).int(`must be ${range}`));
  return (value) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    throw new InputError(`${parsed.error.issues[0]?.message ?? `must be ${range}`}, got '${shown}'`, { field: name });
  };
}
