import type { ConnectorConfig } from '../../config/behavior-config.js';
import { functionConnector } from './function-connector.js';
import { httpConnector } from './http-connector.js';
import { sqlConnector } from './sql-connector.js';
import type { StateConnector } from './state-connector.js';

/** The connectors a config declares, in its order. */
export function createConnectors(
  configs: readonly ConnectorConfig[],
  options: { env: Record<string, string | undefined> },
): StateConnector[] {
  return configs.map((config) => {
    if (config.kind === 'sql') return sqlConnector(config);
    if (config.kind === 'http') return httpConnector(config, { env: options.env });
    return functionConnector(config);
  });
}
