import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../src/util/colors.js';
import { seam } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const ESC = '\u001b[';

describe('colour on the command line', () => {
  it('follows NO_COLOR, FORCE_COLOR and the terminal, and ignores CI', () => {
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({}, false)).toBe(false);
    expect(wantsColor({ CI: 'true' }, false)).toBe(false);
    expect(wantsColor({ TERM: 'dumb' }, true)).toBe(false);
    expect(wantsColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '0' }, true)).toBe(false);
  });

  it('prints plain text to a pipe even when the runner sets CI, colours a terminal, and never colours --json', async () => {
    const dir = tempDir('seam-colors');
    const db = `${dir}/seam.db`;
    writeFileSync(`${dir}/hours.md`, '---\nid: hours\ntitle: Hours\n---\nOpen 9 to 5.\n');
    const put = await seam(['kb', 'put', `${dir}/hours.md`], { db });
    expect(put.code, put.stderr).toBe(0);
    const piped = await seam(['kb', 'list'], { db, env: { CI: 'true' } });
    expect(piped.stdout).toContain('hours');
    expect(piped.stdout).not.toContain(ESC);
    const terminal = await seam(['kb', 'list'], { db, color: true });
    expect(terminal.stdout).toContain(`${ESC}1m`);
    const json = await seam(['kb', 'list', '--json'], { db, color: true });
    expect(json.stdout).not.toContain(ESC);
    expect(() => json.json()).not.toThrow();
  });
});
