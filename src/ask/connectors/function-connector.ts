import { pathToFileURL } from 'node:url';
import type { SeamConfig } from '../../config/behavior-config.js';
import { IoError } from '../../errors.js';
import type { StateRecord } from '../ask-result.js';
import { type ConnectorRequest, type StateConnector, toRecords } from './state-connector.js';

type FunctionConfig = Extract<SeamConfig['connectors'][number], { kind: 'function' }>;

/** What a function connector's module exports: called per request with the principal, never the question. */
export type ConnectorFunction = (request: ConnectorRequest) => unknown;

/**
 * A function exported by a module of yours (`module`, `export`). The module is imported once (code),
 * the function is called on every request (data).
 */
export function functionConnector(config: FunctionConfig): StateConnector {
  let loaded: Promise<ConnectorFunction> | undefined;
  const load = async (): Promise<ConnectorFunction> => {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(config.module).href)) as Record<string, unknown>;
    } catch (error) {
      throw new IoError(
        `cannot import ${config.module}: ${error instanceof Error ? error.message : String(error)}`,
        config.module,
        {
          cause: error,
        },
      );
    }
    const exported = module[config.export];
    if (typeof exported !== 'function') {
      throw new IoError(`${config.module} does not export a function named '${config.export}'`, config.module);
    }
    return exported as ConnectorFunction;
  };
  return {
    specificationVersion: 'seam-connector-v1',
    name: config.name,
    kind: 'function',
    roles: config.roles,
    when: config.when,
    template: config.template,
    async fetch(request): Promise<StateRecord[]> {
      loaded ??= load();
      const run = await loaded.catch((error: unknown) => {
        loaded = undefined;
        throw error;
      });
      const principal = Object.freeze({ id: request.principal.id, roles: Object.freeze([...request.principal.roles]) });
      const value = await run({ principal, now: request.now });
      try {
        return toRecords(value, config.name).slice(0, config.max_records);
      } catch (error) {
        throw new IoError(error instanceof Error ? error.message : String(error), config.module);
      }
    },
  };
}
