import type { StateRecord } from '../ask-result.js';

/**
 * The business-state connector specification: one source of per-request state (an order table, an
 * account API, a function of yours). Config declares each connector with the roles allowed to call it;
 * the pipeline decides in code whether to call it, and binds its parameters to the principal.
 */
export interface StateConnector {
  readonly specificationVersion: 'seam-connector-v1';
  readonly name: string;
  readonly kind: 'sql' | 'http' | 'function';
  /** Roles allowed to call it; checked by the pipeline before `fetch`, never by the connector's caller. */
  readonly roles: readonly string[];
  /** Call it only when the question mentions one of these words; absent: on every question. */
  readonly when?: readonly string[] | undefined;
  /** How each record reads in answers (`Order {order_id} is {status}.`); absent: `field: value` pairs. */
  readonly template?: string | undefined;
  /**
   * Fetch this principal's records, fresh: results are never cached across requests or principals.
   * Throws on failure; the pipeline records the error in the trace and carries on without the state.
   */
  fetch(request: ConnectorRequest): Promise<StateRecord[]>;
}

export interface ConnectorRequest {
  /** The asking principal, as resolved from the store: the only identity a connector receives. */
  principal: { id: string; roles: readonly string[] };
  /** The request's instant (ISO). */
  now: string;
  /** Aborted when the request is abandoned. */
  signal?: AbortSignal | undefined;
}

/** Records from whatever a source returned: an array of objects, one object, or nothing. */
export function toRecords(value: unknown, source: string): StateRecord[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new TypeError(`${source}: record ${index} is not an object`);
    }
    return item as StateRecord;
  });
}
