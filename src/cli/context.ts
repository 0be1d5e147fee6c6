import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { instantKey, isIsoDate } from '../documents/parse-document.js';
import { InputError } from '../errors.js';
import type { KnowledgeStore } from '../store/knowledge-store.js';
import { isStoreUrl, openStore, storeLabel } from '../store/open-store.js';
import { type CountLimits, countOption } from './numeric-option.js';

/** Where a command writes. Injectable so tests can run the CLI in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Environment variables (SEAM_DB, SEAM_AUTHOR). */
  env: Record<string, string | undefined>;
  cwd: string;
  /** The clock; tests and the demo may fix it. */
  now: () => Date;
  /** Whether stderr is a terminal, where progress bars are drawn. */
  isTty: boolean;
  /** Whether human output is coloured (see `wantsColor`); tests capture plain text. */
  color: boolean;
  /** Set by a command that succeeded with findings (exit 1: lint, audit). */
  outcome: { code: number };
}

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

/**
 * The store: `--db`, else `SEAM_DB`, else `.seam/seam.db` under the current directory. A path is resolved
 * against the working directory; a URL (`postgres://…`) is returned as it is, never taken for a path.
 */
export function storePath(options: GlobalOptions, io: Io): string {
  const location = options.db ?? (io.env.SEAM_DB || join('.seam', 'seam.db'));
  return isStoreUrl(location) ? location : resolve(io.cwd, location);
}

/** The store for commands where it is optional (lint, audit): a server is always opened, a file only if it exists. */
export async function openStoreIfPresent(command: Command, io: Io): Promise<KnowledgeStore | undefined> {
  const location = storePath(globals(command), io);
  if (!isStoreUrl(location) && !existsSync(location)) return undefined;
  return openStore({ location, cwd: io.cwd, now: io.now, mode: 'read', waitMs: waitMs(io) });
}

/**
 * Open the store for a command that writes (created when missing) and always close it, whatever the
 * command does.
 */
export async function withStore<T>(
  command: Command,
  io: Io,
  action: (store: KnowledgeStore) => Promise<T>,
): Promise<T> {
  const result = await withOpenStore(await openCliStore(command, io, 'write'), action);
  if (!globals(command).json) io.stderr(`store: ${storeDisplayName(storePath(globals(command), io), io)}\n`);
  return result;
}

/**
 * The store a command wrote to, as a person reads it: a path relative to the current folder when it is
 * inside it, a URL without its password. Every writing command names it, so nobody writes to the demo's
 * store (or a leftover `SEAM_DB`) without being told.
 */
export function storeDisplayName(location: string, io: Io): string {
  if (isStoreUrl(location)) return storeLabel(location);
  const inside = relative(io.cwd, location);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : location;
}

/**
 * Open the store read-only for a command that only reads: a missing store is an error naming the path
 * (never created), a file that is not a Seam store is refused, and a read-only store can be read.
 */
export async function readStore<T>(
  command: Command,
  io: Io,
  action: (store: KnowledgeStore) => Promise<T>,
): Promise<T> {
  return withOpenStore(await openCliStore(command, io, 'read'), action);
}

/** The store `--db` names, opened to read or to write. */
function openCliStore(command: Command, io: Io, mode: 'read' | 'write'): Promise<KnowledgeStore> {
  return openStore({ location: storePath(globals(command), io), cwd: io.cwd, now: io.now, mode, waitMs: waitMs(io) });
}

/** `SEAM_WAIT_MS`: how long to wait for another process holding the store (default: the store's, 5 s). */
function waitMs(io: Io): number | undefined {
  const value = Number(io.env.SEAM_WAIT_MS);
  return io.env.SEAM_WAIT_MS !== undefined && Number.isInteger(value) && value >= 0 ? value : undefined;
}

async function withOpenStore<T>(store: KnowledgeStore, action: (store: KnowledgeStore) => Promise<T>): Promise<T> {
  try {
    return await action(store);
  } finally {
    await store.close();
  }
}

export function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** Print a result: its JSON with `--json`, else the human rendering. */
export function emit(command: Command, io: Io, json: unknown, human: () => string): void {
  if (globals(command).json) io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  else io.stdout(`${human().replace(/\n*$/, '')}\n`);
}

export function author(options: { author?: string }, io: Io): string {
  if (options.author) return options.author;
  if (io.env.SEAM_AUTHOR) return io.env.SEAM_AUTHOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Parse a whole-number option, naming the option when it is not one (see `countOption` for limits). */
export function parseCount(name: string, limits?: CountLimits): (value: string) => number {
  return countOption(name, limits);
}

/** Validate `--as-of` and turn it into an instant; without it, now. */
export function asOfInstant(value: string | undefined, io: Io): string {
  if (value === undefined) return io.now().toISOString();
  if (!isIsoDate(value)) {
    throw new InputError(`must be an ISO date such as 2026-05-01, got '${value}'`, { field: '--as-of' });
  }
  return instantKey(value);
}
