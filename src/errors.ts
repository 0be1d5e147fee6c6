/**
 * Seam's error family. Callers branch on the class (or its static `isInstance`), never on message text.
 * Every error maps to one exit code in `exitCodeFor` and carries the data a caller needs to act.
 */

const marker = Symbol.for('seam.error');

export type SeamErrorCode =
  | 'input'
  | 'conflict'
  | 'not_found'
  | 'permission'
  | 'io'
  | 'provider'
  | 'store'
  | 'internal';

export abstract class SeamError extends Error {
  protected readonly [marker] = true;
  abstract readonly code: SeamErrorCode;

  static isInstance(error: unknown): error is SeamError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** The fields a script needs, for `--json` error output. */
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message };
  }
}

export interface InputLocation {
  /** The file the bad input came from, as the user named it. */
  file?: string | undefined;
  /** 1-based line in that file. */
  line?: number | undefined;
  /** The field (front-matter key, JSON property) that is wrong. */
  field?: string | undefined;
}

/** Bad input: a file, line or field the user can go and fix. */
export class InputError extends SeamError {
  override readonly name = 'InputError';
  readonly code = 'input' as const;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  /** Further problems found in the same input (an import reports all of them at once). */
  readonly others: readonly InputError[];

  constructor(problem: string, location: InputLocation = {}, others: readonly InputError[] = []) {
    super(formatLocated(problem, location));
    this.file = location.file;
    this.line = location.line;
    this.field = location.field;
    this.others = others;
  }

  static override isInstance(error: unknown): error is InputError {
    return SeamError.isInstance(error) && error.code === 'input';
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      file: this.file,
      line: this.line,
      field: this.field,
      ...(this.others.length > 0 ? { others: this.others.map((other) => other.toJSON()) } : {}),
    };
  }
}

/** An optimistic-concurrency check failed: someone else changed the document first. */
export class ConflictError extends SeamError {
  override readonly name = 'ConflictError';
  readonly code = 'conflict' as const;
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | undefined,
  ) {
    super(
      `conflict: '${id}' is at version ${actualVersion ?? 'none (it does not exist)'}, not ${expectedVersion}; ` +
        `re-read it (seam kb show ${id}), merge your change and retry with --if-version ${actualVersion ?? 0}`,
    );
  }

  static override isInstance(error: unknown): error is ConflictError {
    return SeamError.isInstance(error) && error.code === 'conflict';
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      id: this.id,
      expected_version: this.expectedVersion,
      actual_version: this.actualVersion,
    };
  }
}

/** A document, version or principal that does not exist (or that the asker may not see: we do not say which). */
export class NotFoundError extends SeamError {
  override readonly name = 'NotFoundError';
  readonly code = 'not_found' as const;
  constructor(
    readonly what: string,
    message?: string,
  ) {
    super(message ?? `not found: ${what}`);
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return SeamError.isInstance(error) && error.code === 'not_found';
  }
}

/** The principal may not do this. Raised by code, never decided by a model. */
export class PermissionError extends SeamError {
  override readonly name = 'PermissionError';
  readonly code = 'permission' as const;
  static override isInstance(error: unknown): error is PermissionError {
    return SeamError.isInstance(error) && error.code === 'permission';
  }
}

/** A file or database could not be read or written. */
export class IoError extends SeamError {
  override readonly name = 'IoError';
  readonly code = 'io' as const;
  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static override isInstance(error: unknown): error is IoError {
    return SeamError.isInstance(error) && error.code === 'io';
  }
}

/** What is wrong with a store, for scripts (`--json` prints it as `problem`). */
export type StoreProblem =
  | 'missing'
  | 'not_a_store'
  | 'schema'
  | 'busy'
  | 'read_only'
  | 'corrupt'
  | 'io'
  | 'purge_incomplete';

/** The store cannot be opened, read or written as asked; the message says why and what to do. */
export class StoreError extends SeamError {
  override readonly name = 'StoreError';
  readonly code = 'store' as const;
  constructor(
    message: string,
    readonly path: string,
    readonly problem: StoreProblem,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static override isInstance(error: unknown): error is StoreError {
    return SeamError.isInstance(error) && error.code === 'store';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path, problem: this.problem };
  }
}

/** A model provider's API call failed: where, with which status, and whether trying again may help. */
export class ProviderCallError extends SeamError {
  override readonly name = 'ProviderCallError';
  readonly code = 'provider' as const;
  constructor(
    message: string,
    readonly url: string,
    readonly statusCode: number | undefined,
    readonly isRetryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static override isInstance(error: unknown): error is ProviderCallError {
    return SeamError.isInstance(error) && error.code === 'provider';
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), url: this.url, status_code: this.statusCode, is_retryable: this.isRetryable };
  }
}

/**
 * Something Seam did not expect (a bug, or a library failing in a way nobody anticipated), mapped from
 * the original error by the command line so that a user sees one message and exit 2, never a stack
 * trace (unless SEAM_DEBUG is set). The original is kept as `cause`.
 */
export class InternalError extends SeamError {
  override readonly name = 'InternalError';
  readonly code = 'internal' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  static override isInstance(error: unknown): error is InternalError {
    return SeamError.isInstance(error) && error.code === 'internal';
  }
}

/**
 * The one place errors become exit codes. The contract has three: 0 success, 1 findings (lint, audit),
 * 2 everything that stopped the command (usage, input, conflict, not found, I/O, and our own bugs).
 */
export function exitCodeFor(_error: unknown): 2 {
  return 2;
}

function formatLocated(problem: string, location: InputLocation): string {
  const where = [location.file, location.line].filter((part) => part !== undefined).join(':');
  const field = location.field ? `${location.field}: ` : '';
  return where ? `${where}: ${field}${problem}` : `${field}${problem}`;
}
