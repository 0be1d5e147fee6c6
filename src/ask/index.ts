// The answer pipeline: `ask()` and the specifications it is built on (connectors, models).
export { type AskOptions, ask, askSteps, createAskContext } from './ask.js';
export type * from './ask-result.js';
export { createConnectors } from './connectors/create-connectors.js';
export type { ConnectorFunction } from './connectors/function-connector.js';
export type { ConnectorRequest, StateConnector } from './connectors/state-connector.js';
export type { AnswerModel, ModelRequest, ModelResponse } from './models/answer-model.js';
export { chooseModel, type ModelChoice } from './models/model-choice.js';
export type { AskContext, AskStep } from './request-context.js';
