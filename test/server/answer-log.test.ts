import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';

const entry = (question: string, principal: string, version: number) => ({
  at: new Date().toISOString(),
  principal,
  question,
  answer: `An answer to: ${question}`,
  refused: false,
  citations: [{ id: 'refund-policy', version }],
});

describe('the answer log', () => {
  const folder = tempDir('seam-answer-log-');
  const store = openSqliteStore({ path: join(folder, 'seam.db') });

  it('keeps only the newest entries, and finds those that cited a version', async () => {
    for (let index = 1; index <= 5; index++) {
      await store.logAnswer(entry(`question ${index}`, 'sam', index % 2 === 0 ? 2 : 3), { keep: 3 });
    }
    const all = await store.recentAnswers({ limit: 10 });
    expect(all.map((answer) => answer.question)).toEqual(['question 5', 'question 4', 'question 3']);
    const citingV2 = await store.recentAnswers({ limit: 10, citing: { id: 'refund-policy', version: 2 } });
    expect(citingV2.map((answer) => answer.question)).toEqual(['question 4']);
    expect(citingV2[0]?.citations).toEqual([{ id: 'refund-policy', version: 2 }]);
  });

  it('forgets by principal or by a value, leaving no copy in the files', async () => {
    await store.logAnswer(entry('Is my card ending 4242 charged twice? I am Ines Marlow', 'cust-ines', 2), {
      keep: 100,
    });
    await store.logAnswer(entry('Did Ines Marlow call back?', 'sam', 2), { keep: 100 });
    expect(await store.removeAnswers({ principal: 'cust-ines' })).toBe(1);
    expect(await store.removeAnswers({ containing: 'ines marlow' })).toBe(1);
    const remaining = await store.recentAnswers({ limit: 100 });
    expect(remaining.some((answer) => /Marlow/.test(answer.question))).toBe(false);
    const bytes = Buffer.concat(readdirSync(folder).map((name) => readFileSync(join(folder, name))));
    expect(bytes.includes(Buffer.from('Marlow'))).toBe(false);
    expect(await store.removeAnswers({})).toBe(0);
    await store.close();
  });
});
