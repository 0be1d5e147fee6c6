import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readerFor } from '../../src/access.js';
import { ask } from '../../src/ask/ask.js';
import { type SeamConfig, seamConfigSchema } from '../../src/config/behavior-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { demoPaths } from '../../src/demo/demo-home.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { loadLexicon } from '../../src/lexicon/lexicon.js';
import { searchDocuments, showDocument } from '../../src/operations/read-documents.js';
import { putDocumentText } from '../../src/operations/write-documents.js';
import type { KnowledgeStore } from '../../src/store/knowledge-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/temp.js';
import { makeKb, now, type TestKb } from './helpers/kb.js';
import { type ProviderServer, startProviderServer } from './helpers/provider-server.js';

/**
 * Answer or decline, as a new user of the demo meets it: what the sources cover is answered and cited,
 * what they do not is declined with the word no permitted passage covers, the asker's own state answers
 * only questions about it, and the agent steps reach agents only.
 */

const internalStep = 'Confirm the order number and the delivery date in the order system';
let store: KnowledgeStore;
let config: SeamConfig;
const askAs = async (question: string, principal: string) =>
  ask({ question, reader: await readerFor(store, principal), store, config, env: {} });

beforeAll(async () => {
  const paths = demoPaths(join(tempDir('seam-answerability-'), 'seam.db'));
  await seedDemo({ paths, now: () => new Date() });
  config = (await loadConfig({ path: paths.config, cwd: process.cwd() })).config;
  store = openSqliteStore({ path: paths.store });
});
afterAll(() => store.close());

describe('a question the demo does not cover is declined, never answered with a neighbour', () => {
  it('"Do you ship to Canada?" is declined naming "canada", and Ana\'s order status is not offered instead', async () => {
    const result = await askAs('Do you ship to Canada?', 'cust-ana');
    expect(result).toMatchObject({ refused: true, refusal: { reason: 'no_coverage' }, citations: [], state_used: [] });
    expect(result.trace.coverage?.missing).toEqual(['canada']);
    expect(result.refusal?.detail).toContain('"canada"');
    expect(result.handoff).toMatchObject({ reason: 'no_coverage', queue: 'tidewater-support' });
    expect(JSON.stringify(result)).not.toContain('TW-1042');
    // "ship" is one of the connector's words, but a question about the shop is not about her order.
    expect(result.trace.connectors[0]).toMatchObject({
      name: 'orders',
      status: 'skipped',
      detail: "the question is not about the asker's own records",
    });
  });

  it('"What is your phone number?" is declined, not answered with an agent step about order numbers', async () => {
    const result = await askAs('What is your phone number?', 'cust-ana');
    expect(result.refused).toBe(true);
    expect(result.trace.coverage?.missing).toEqual(['phone']);
    expect(JSON.stringify(result)).not.toContain(internalStep);
  });

  it('still answers what the sources cover, in other words than theirs, with the value and a citation', async () => {
    const window = await askAs('Can I send back a bag I already opened?', 'cust-ana');
    expect(window.refused).toBe(false);
    expect(window.answer).toContain('quality problem');
    expect(window.citations.map((citation) => citation.id)).toEqual(['refund-policy']);
    expect(window.trace.coverage).toMatchObject({ decision: 'answer', missing: [] });
    // And the asker's own order answers a question about it.
    const order = await askAs('Where is my order?', 'cust-ben');
    expect(order.answer).toContain('TW-2077');
    expect(JSON.stringify(order)).not.toContain('TW-1042');
  });

  it("declines a question whose answer only a document the asker may not read holds, naming only the asker's words", async () => {
    const sam = await askAs('How do we handle a chargeback?', 'sam');
    expect(sam).toMatchObject({ refused: true, citations: [] });
    expect(sam.trace.coverage?.missing).toEqual(['chargeback']);
    const named = (sam.trace.coverage?.words ?? []).map((entry) => entry.word);
    expect(named.every((word) => 'how do we handle a chargeback'.includes(word))).toBe(true);
    expect(JSON.stringify(sam)).not.toMatch(/write-off|open chargeback|payment processor/i);
    const bea = await askAs('How do we handle a chargeback?', 'bea');
    expect(bea.citations.map((citation) => citation.id)).toEqual(['billing/chargebacks']);
  });
});

describe('internal sections reach agents only', () => {
  it('an agent is quoted the refund steps; a customer asking the same gets the customer-facing answer', async () => {
    const sam = await askAs('How do I issue a refund?', 'sam');
    expect(sam.answer).toContain('Orders → Order details → Refund');
    const ana = await askAs('How do I issue a refund?', 'cust-ana');
    const seen = JSON.stringify(ana);
    expect(seen).not.toContain(internalStep);
    expect(seen).not.toContain('Orders → Order details → Refund');
    expect(ana.citations.map((citation) => citation.id)).toEqual(['refund-policy']);
  });

  it('search and show leave the internal section out for a customer, in every door (they share these operations)', async () => {
    const ana = await readerFor(store, 'cust-ana');
    const sam = await readerFor(store, 'sam');
    const at = new Date().toISOString();
    const search = (reader: typeof ana) => searchDocuments({ store, reader, query: 'order system refund', k: 20, at });
    expect(JSON.stringify(await search(ana))).not.toContain(internalStep);
    expect(JSON.stringify(await search(sam))).toContain(internalStep);
    const shown = await showDocument({ store, reader: ana, id: 'refund-policy' });
    expect(shown.body).not.toContain(internalStep);
    expect(shown.body).not.toContain('{internal}');
    expect(shown.body).toContain('Gift subscriptions are refunded');
    expect((await showDocument({ store, reader: sam, id: 'refund-policy' })).body).toContain(internalStep);
  });

  it('an editor without the agent role cannot overwrite (and so delete) the internal steps it was not shown', async () => {
    await store.putPrincipal({ id: 'eddie', roles: ['editor'] });
    const eddie = await readerFor(store, 'eddie');
    const shown = await showDocument({ store, reader: eddie, id: 'refund-policy' });
    const markdown = `---\nid: refund-policy\ntitle: ${shown.title}\ncollection: policy\n---\n${shown.body}`;
    await expect(
      putDocumentText({ store, reader: eddie, author: 'eddie', id: 'refund-policy', markdown }),
    ).rejects.toMatchObject({ code: 'permission' });
  });
});

describe('the lexicon reaches paraphrase and inflection', () => {
  it('knows dictionary forms and relatives from WordNet', async () => {
    const lexicon = await loadLexicon();
    expect(lexicon.lemmas('paid')).toContain('pay');
    expect(lexicon.lemmas('shoes')).toContain('shoe');
    expect(lexicon.related('yearly')).toEqual(expect.arrayContaining(['annual', 'year']));
    expect(lexicon.related('declined')).toContain('reject');
    expect(lexicon.isPhrase('credit card')).toBe(true);
    expect(lexicon.frequency('open')).toBeGreaterThan(lexicon.frequency('internationally'));
  });

  it('answers "yearly" from a passage that says "a year", found through the relative', async () => {
    const kb = await makeKb([
      `---\nid: membership\ntitle: Membership\n---\n# Membership\n\nThe premium membership is $99 a year, billed once.\n`,
      `---\nid: shipping\ntitle: Shipping\n---\n# Shipping\n\nStandard shipping is $8 per order.\n`,
    ]);
    try {
      const result = await ask({
        question: 'What does the yearly premium membership cost?',
        reader: await readerFor(kb.store, 'ana'),
        store: kb.store,
        now,
        env: {},
      });
      expect(result.answer).toContain('$99 a year');
      expect(result.trace.coverage?.words.find((entry) => entry.word === 'yearly')?.covered).toBe('related');
    } finally {
      await kb.store.close();
    }
  });
});

describe("a model's answer is checked against what it cites", () => {
  let kb: TestKb;
  let server: ProviderServer | undefined;
  beforeAll(async () => {
    kb = await makeKb();
  });
  afterAll(async () => {
    await server?.close();
    await kb.store.close();
  });

  const askModel = async (reply: string, handoff: boolean) => {
    await server?.close();
    server = await startProviderServer('openai', [reply]);
    return ask({
      question: 'Can I return an unopened item, and what does shipping cost?',
      reader: await readerFor(kb.store, 'ana'),
      store: kb.store,
      config: seamConfigSchema.parse({
        handoff: { on_refusal: handoff },
        model: { provider: 'openai', model: 'test-model', base_url: server.url, max_retries: 0 },
      }),
      env: { OPENAI_API_KEY: 'sk-test' },
      now,
    });
  };

  it('a model answer citing the passages that cover the question is given, grounded', async () => {
    await askModel('1. Yes.', false);
    const [refunds, shipping] = ['refund-policy', 'shipping-policy'].map((id) => passageNumberOf(server, id));
    const result = await askModel(
      `1. You can return unopened items within 30 days of delivery. [${refunds}]\n2. Standard shipping costs $5.95 per order. [${shipping}]`,
      false,
    );
    expect(result).toMatchObject({ refused: false, grounded: true });
    expect(result.trace.coverage).toMatchObject({ of: 'cited', decision: 'answer' });
  });

  it('a model answer citing a passage that does not cover the question is declined, or handed off', async () => {
    await askModel('1. Yes.', false);
    const shippingIndex = passageNumberOf(server, 'shipping-policy');
    const declined = await askModel(`1. Standard shipping costs $5.95 per order. [${shippingIndex}]`, false);
    expect(declined).toMatchObject({ refused: true, refusal: { reason: 'no_coverage' }, grounded: false });
    expect(declined.citations).toEqual([]);
    expect(declined.trace.coverage).toMatchObject({ of: 'cited', decision: 'decline' });
    const handed = await askModel(`1. Standard shipping costs $5.95 per order. [${shippingIndex}]`, true);
    expect(handed.handoff).toMatchObject({ reason: 'no_coverage' });
  });
});

/** The number (`[n]`) a document's passage was given in the model request the server recorded. */
function passageNumberOf(server: ProviderServer | undefined, id: string): number {
  const text = JSON.stringify(server?.requests[0]?.body);
  const numbered = [...text.matchAll(/\[(\d+)\] ([\w/-]+) v\d+/g)].map(
    (match) => [Number(match[1]), match[2]] as const,
  );
  const found = numbered.find(([, passage]) => passage === id);
  if (!found) throw new Error(`${id} was not given to the model`);
  return found[0];
}
