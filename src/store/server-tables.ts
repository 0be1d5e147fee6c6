import type { KnowledgeStore } from './knowledge-store.js';

/**
 * The store methods behind the server: API tokens, console sessions and the answer log. Each backend
 * implements them in a module of its own (`sqlite/sqlite-server-tables.ts`, `postgres/server-tables.ts`).
 */
export type ServerTables = Pick<
  KnowledgeStore,
  | 'putToken'
  | 'findToken'
  | 'listTokens'
  | 'removeToken'
  | 'putSession'
  | 'findSession'
  | 'removeSession'
  | 'logAnswer'
  | 'recentAnswers'
  | 'removeAnswers'
>;
