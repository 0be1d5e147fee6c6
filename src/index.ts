// Seam's library entry point: everything the command line uses is available to code.
export {
  describeReader,
  everyoneGrant,
  grantsHeld,
  grantsOf,
  normalizeRole,
  operator,
  type Reader,
  readerFor,
  readerOrOperator,
} from './access.js';
export * from './ask/index.js';
export { type AuditResult, runAudit } from './audit/audit.js';
export type { SeamConfig } from './config/behavior-config.js';
export { loadConfig, parseConfig } from './config/load-config.js';
export * as diagnose from './diagnose/index.js';
export { type Chunk, chunkMarkdown } from './documents/chunk-markdown.js';
export { instantKey, isIsoDate, parseDocumentText } from './documents/parse-document.js';
export { defaultMaxDocumentBytes, type ReadDocument, readDocuments } from './documents/read-documents.js';
export { renderDocument } from './documents/render-document.js';
export {
  ConflictError,
  InputError,
  IoError,
  NotFoundError,
  PermissionError,
  SeamError,
  StoreError,
  type StoreProblem,
} from './errors.js';
export { reciprocalRankFusion } from './retrieval/fusion.js';
export {
  bm25Leg,
  createRetriever,
  type LegQuery,
  type RetrievalLeg,
  type RetrieveRequest,
  type RetrieveResult,
  type Retriever,
} from './retrieval/retriever.js';
export type * from './store/knowledge-store.js';
export { isStoreUrl, type OpenStoreOptions, openStore } from './store/open-store.js';
export type { PostgresStoreOptions } from './store/postgres/postgres-store.js';
export { openSqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.js';
export { servedIntervals } from './store/timeline.js';
export * as taxonomy from './taxonomy/index.js';
