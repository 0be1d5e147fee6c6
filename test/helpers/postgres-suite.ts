import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres.js';

/**
 * A throwaway PostgreSQL server (see `startPostgres`) for the tests of the enclosing `describe`: started
 * before them, stopped after. Call the returned function inside a test for the running server.
 */
export function usePostgres(bin: string | undefined): () => TestPostgres {
  let running: TestPostgres | undefined;
  beforeAll(async () => {
    if (!bin) throw new Error('no PostgreSQL binaries: skip the describe with describe.skipIf(!postgresBin())');
    running = await startPostgres(bin);
  }, 120_000);
  afterAll(() => running?.stop());
  return () => {
    if (!running) throw new Error('PostgreSQL is not running: a test ran before beforeAll started it');
    return running;
  };
}
