import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JsonlLine, readJsonlLines, readLineChunks, splitLines } from '../../src/util/jsonl.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('seam-jsonl-');

async function chunkedLines(path: string, chunkBytes: number) {
  const lines: { line: number; text: string }[] = [];
  let chunks = 0;
  let bytesRead = 0;
  for await (const chunk of readLineChunks(path, chunkBytes)) {
    chunks++;
    const split = splitLines(chunk);
    expect(split).toHaveLength(chunk.lines);
    lines.push(...split);
    bytesRead = chunk.bytesRead;
  }
  return { lines, chunks, bytesRead };
}

describe('readLineChunks', () => {
  it('yields whole lines with their numbers, whatever the chunk size', async () => {
    const long = `{"long":"${'x'.repeat(5000)}"}`;
    const text = [
      '{"a":1}',
      '',
      long,
      '{"crlf":true}\r',
      '{"emoji":"☕ café ✓"}',
      'not json',
      '{"last":"no newline"}',
    ].join('\n');
    const path = join(dir, 'mixed.jsonl');
    writeFileSync(path, text);
    const expected = [
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '' },
      { line: 3, text: long },
      { line: 4, text: '{"crlf":true}' },
      { line: 5, text: '{"emoji":"☕ café ✓"}' },
      { line: 6, text: 'not json' },
      { line: 7, text: '{"last":"no newline"}' },
    ];
    const streamed: JsonlLine[] = [];
    for await (const line of readJsonlLines(path)) streamed.push(line);
    expect(streamed).toEqual(expected);
    for (const size of [1, 7, 64, 4096, 1 << 18]) {
      const { lines, chunks, bytesRead } = await chunkedLines(path, size);
      expect(lines, `chunks of ${size} bytes`).toEqual(expected);
      expect(bytesRead).toBe(Buffer.byteLength(text));
      if (size < 64) expect(chunks).toBeGreaterThan(1);
    }
  });

  it('marks a line that is not valid UTF-8, and keeps the numbers of the lines around it', async () => {
    const path = join(dir, 'latin1.jsonl');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('{"a":"ok"}\n{"b":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n{"c":"☕"}\n')]),
    );
    const { lines } = await chunkedLines(path, 1 << 18);
    expect(lines).toEqual([
      { line: 1, text: '{"a":"ok"}' },
      { line: 2, text: '{"b":"caf\uFFFD"}', invalidUtf8: true },
      { line: 3, text: '{"c":"☕"}' },
    ]);
  });

  it('reads an empty file as no lines, and names a folder or a missing file', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    expect((await chunkedLines(empty, 64)).lines).toEqual([]);
    await expect(chunkedLines(dir, 64)).rejects.toThrow(/is a folder/);
    await expect(chunkedLines(join(dir, 'missing.jsonl'), 64)).rejects.toThrow(/missing\.jsonl: cannot read/);
  });
});
