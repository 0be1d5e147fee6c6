import { createColors } from 'picocolors';

/**
 * The colours every human report uses. Off until the command line decides (`useColors`), so a library caller or a
 * test never gets escape codes. picocolors' own detection is not used: it turns colour on whenever `CI` is set,
 * even when the output is a pipe or a captured string.
 */
export const pc = { ...createColors(false) };

export function useColors(enabled: boolean): void {
  Object.assign(pc, createColors(enabled));
}

/**
 * The usual conventions: `NO_COLOR` (any value) turns colour off, `FORCE_COLOR` (other than 0/false) turns it on,
 * otherwise colour when stdout is a terminal whose TERM is not `dumb`.
 */
export function wantsColor(env: Record<string, string | undefined>, stdoutIsTty: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return stdoutIsTty && env.TERM !== 'dumb';
}
