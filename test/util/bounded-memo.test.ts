import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../src/util/bounded-memo.js';

describe('boundedMemo', () => {
  it('computes each key once while it stays within the capacity', () => {
    const calls: string[] = [];
    const length = boundedMemo((key: string) => {
      calls.push(key);
      return key.length;
    }, 3);
    expect([length('a'), length('bb'), length('a'), length('ccc'), length('bb')]).toEqual([1, 2, 1, 3, 2]);
    expect(calls).toEqual(['a', 'bb', 'ccc']);
  });

  it('keeps at most twice the capacity, drops the least recently used generation, and keeps what is reused', () => {
    const calls: string[] = [];
    const memo = boundedMemo((key: string) => {
      calls.push(key);
      return key;
    }, 2);
    for (const key of ['a', 'b', 'c', 'd', 'e']) memo(key);
    // After five unique keys with capacity 2: young = {e}, old = {c, d}; a and b are gone.
    calls.length = 0;
    memo('c');
    memo('d');
    expect(calls).toEqual([]);
    memo('a');
    expect(calls).toEqual(['a']);
  });

  it('never caches keys longer than the limit', () => {
    let calls = 0;
    const memo = boundedMemo(
      () => {
        calls++;
        return 1;
      },
      10,
      4,
    );
    memo('longer');
    memo('longer');
    expect(calls).toBe(2);
  });
});
