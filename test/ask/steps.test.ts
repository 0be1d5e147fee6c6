import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operator, type Reader } from '../../src/access.js';
import { type AskOptions, createAskContext } from '../../src/ask/ask.js';
import type { ConnectorRequest, StateConnector } from '../../src/ask/connectors/state-connector.js';
import { readQuestion } from '../../src/ask/evidence/question.js';
import { passageUnits } from '../../src/ask/evidence/units.js';
import { weighEvidence } from '../../src/ask/evidence/weigh.js';
import { weighWords } from '../../src/ask/evidence/weights.js';
import { renderSegments } from '../../src/ask/render/draft.js';
import { authorize } from '../../src/ask/steps/authorize.js';
import { compose } from '../../src/ask/steps/compose.js';
import { fetchState } from '../../src/ask/steps/fetch-state.js';
import { ground } from '../../src/ask/steps/ground.js';
import { retrieve } from '../../src/ask/steps/retrieve.js';
import { validate } from '../../src/ask/steps/validate.js';
import { seamConfigSchema } from '../../src/config/behavior-config.js';
import { loadLexicon } from '../../src/lexicon/lexicon.js';
import { makeKb, now, principals, type TestKb } from './helpers/kb.js';

/** Each step is a function of the request context: run it alone, after only the steps it depends on. */

function recordingConnector(name: string, roles: string[], when?: string[]) {
  const calls: ConnectorRequest[] = [];
  const connector: StateConnector = {
    specificationVersion: 'seam-connector-v1',
    name,
    kind: 'function',
    roles,
    when,
    fetch: async (request) => {
      calls.push(request);
      return [{ customer: request.principal.id, plan: 'Daily Grind' }];
    },
  };
  return { connector, calls };
}

describe('pipeline steps, one at a time', () => {
  let kb: TestKb;
  beforeAll(async () => {
    kb = await makeKb();
  });
  afterAll(() => kb.store.close());
  const context = (options: Partial<AskOptions> & { question: string }) =>
    createAskContext({ store: kb.store, now, env: {}, reader: operator, ...options });
  /** The reader the store would resolve for one of the test principals. */
  const reader = (id: string): Reader => {
    const roles = principals.find((entry) => entry.id === id)?.roles ?? [];
    return { kind: 'principal', id, known: true, roles };
  };

  it('authorize: decides documents and connectors from the principal, and hands off on a configured topic', async () => {
    const plan = recordingConnector('plan', ['customer']);
    const staff = recordingConnector('staff', ['support']);
    const config = seamConfigSchema.parse({ handoff: { topics: ['legal action'], queue: 'legal' } });
    const request = context({
      question: 'I will take legal action over my plan',
      reader: reader('ana'),
      config,
      connectors: [plan.connector, staff.connector],
    });
    await authorize(request);
    expect([...request.allowedConnectors]).toEqual(['plan']);
    expect(request.trace.permissions.map((decision) => [decision.subject, decision.decision])).toEqual([
      ['documents', 'filter'],
      ['connector:plan', 'allow'],
      ['connector:staff', 'deny'],
    ]);
    expect(request.handoff).toEqual({
      reason: 'topic',
      queue: 'legal',
      detail: 'the question mentions "legal action"',
    });
  });

  it('retrieve: only passages the principal may read, in effect at the request instant', async () => {
    const request = context({ question: 'chargeback disputes refund', reader: reader('sam') });
    await authorize(request);
    await retrieve(request);
    expect(request.hits.length).toBeGreaterThan(0);
    expect(request.hits.some((hit) => hit.id === 'billing/chargebacks')).toBe(false);
    const billing = context({ question: 'chargeback disputes refund', reader: reader('bea') });
    await authorize(billing);
    await retrieve(billing);
    expect(billing.hits.some((hit) => hit.id === 'billing/chargebacks')).toBe(true);
  });

  it('fetch state: calls a permitted connector with the principal from the store, never a denied one', async () => {
    const plan = recordingConnector('plan', ['customer'], ['plan']);
    const staff = recordingConnector('staff', ['support']);
    const request = context({
      question: 'Which plan am I on, ben?',
      reader: reader('ana'),
      connectors: [plan.connector, staff.connector],
    });
    await authorize(request);
    await fetchState(request);
    expect(plan.calls.map((call) => call.principal)).toEqual([{ id: 'ana', roles: ['customer'] }]);
    expect(staff.calls).toHaveLength(0);
    expect(request.state.map((fetched) => [fetched.connector.name, fetched.triggered])).toEqual([['plan', true]]);
  });

  it('compose: declines when nothing retrieved covers the question, and builds a prompt only for a model', async () => {
    const offTopic = context({ question: 'What is the capital of France?', reader: reader('ana') });
    for (const step of [authorize, retrieve, fetchState, compose]) await step(offTopic);
    expect(offTopic.refusal?.reason).toBe('no_coverage');
    expect(offTopic.prompt).toBeUndefined();

    const onTopic = context({ question: 'What is the refund window?', reader: reader('ana') });
    for (const step of [authorize, retrieve, fetchState, compose]) await step(onTopic);
    expect(onTopic.refusal).toBeNull();
    expect(onTopic.passages.map((hit) => hit.id)).toContain('refund-policy');
    expect(onTopic.prompt).toBeUndefined();
  });

  it('validate: repairs an extractive draft that breaks the format once, then passes', async () => {
    const config = seamConfigSchema.parse({
      format: { type: 'numbered_list', max_items: 1 },
      voice: { max_words: 12 },
    });
    const request = context({ question: 'refund', config });
    const [hit] =
      (await kb.store.searchText({
        text: 'refund window',
        reader: operator,
        k: 1,
        at: now().toISOString(),
      })) ?? [];
    if (!hit) throw new Error('expected a hit');
    const segments = passageUnits(hit, 0).map((unit) => ({ text: unit.text, units: [unit] }));
    segments.push({ text: 'A second item that breaks the one-item limit.', units: [] });
    request.draft = { text: renderSegments(config.format, { segments }), segments, cited: [] };
    await validate(request);
    expect(request.trace.validation.initial_problems).toEqual([
      expect.stringContaining('more than the 1 allowed'),
      expect.stringContaining('more than the 12 allowed'),
    ]);
    expect(request.trace.validation).toMatchObject({ ok: true, repair_attempted: true, problems: [] });
    expect(request.draft?.text).toBe('1. Customers can return unopened items within 30 days of delivery for a…');
  });

  it('ground: removes an item with a value no source states, or withholds, per config', async () => {
    for (const mode of ['remove', 'withhold'] as const) {
      const config = seamConfigSchema.parse({ grounding: mode });
      const request = context({ question: 'refund window', config });
      const [hit] = await kb.store.searchText({
        text: 'refund window',
        reader: operator,
        k: 1,
        at: now().toISOString(),
      });
      if (!hit) throw new Error('expected a hit');
      request.passages = [hit];
      const segments = [
        { text: 'Returns are accepted within thirty days of delivery.', units: [] },
        { text: 'A restocking fee of $9.99 applies.', units: [] },
      ];
      request.draft = { text: renderSegments(config.format, { segments }), segments, cited: [hit] };
      await ground(request);
      expect(request.trace.grounding).toMatchObject({
        mode,
        values: 2,
        ungrounded: [{ text: '$9.99', kind: 'money' }],
      });
      if (mode === 'remove') {
        expect(request.draft?.text).toBe('1. Returns are accepted within thirty days of delivery.');
        expect(request.citations.map((citation) => citation.id)).toEqual(['refund-policy']);
        expect(request.grounded).toBe(true);
      } else {
        expect(request.refusal?.reason).toBe('ungrounded');
        expect(request.grounded).toBe(false);
      }
    }
  });

  it('weigh: the asker’s own state outranks passages that share only its topic word', async () => {
    const hit = {
      id: 'shipping-policy',
      version: 1,
      title: 'Shipping',
      collection: 'policy',
      heading_path: ['Shipping'],
      score: 3,
      text: 'Standard shipping costs $5.95 per order.',
      effective_from: null,
      effective_until: null,
      chunk: 0,
    };
    const state = {
      text: 'Order A-1001 is shipped.',
      source: { type: 'state' as const, connector: 'orders', record: {}, recordIndex: 0 },
      position: 0,
      terms: new Set(['order', 'ship']),
      context: new Set(['order']),
    };
    const weigh = async (question: string) => {
      const asked = readQuestion(question, await loadLexicon());
      return weighEvidence({
        asked,
        weights: weighWords(asked, { chunks: 10, frequencies: { order: 2, shipping: 1, ship: 1 } }),
        units: [...passageUnits(hit, 0), state],
        triggered: new Set(['orders']),
        minCoverage: 0.5,
      });
    };
    const mine = await weigh('Where is my order?');
    expect(mine.selection.map((entry) => entry.unit.text)).toEqual(['Order A-1001 is shipped.']);
    expect(mine.relevant).toBe(true);
    // The same connector's records do not answer a question about the shop rather than the asker's own order.
    const theirs = await weigh('Do you ship orders to Canada?');
    expect(theirs.selection.map((entry) => entry.unit.text)).not.toContain('Order A-1001 is shipped.');
    expect(theirs.relevant).toBe(false);
    expect(theirs.coverage.missing).toEqual(['canada']);
  });
});
