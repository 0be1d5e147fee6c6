import { type Chunk, chunkMarkdown } from '../src/documents/chunk-markdown.js';
import type { DocumentInput } from '../src/store/knowledge-store.js';
import { seededRandom } from '../test/helpers/random.js';

/**
 * A deterministic synthetic corpus of support-policy documents. Every section ends with a unique
 * reference code (`(kb123s4)`), which the edit benchmark replaces with a fresh token.
 */

export interface BenchDocument {
  input: DocumentInput;
  chunks: Chunk[];
  /** The reference code of each `##` section, in order. */
  codes: string[];
}

export interface Corpus {
  documents: BenchDocument[];
  chunkCount: number;
  bytes: number;
}

export interface BenchQuery {
  text: string;
  as: 'nobody' | 'bea';
  /** `keywords`: content words only; `with-stopword`: two content words and a function word. */
  kind: 'keywords' | 'with-stopword';
}

export interface Edit {
  id: string;
  /** The section's reference code before the edit, which must no longer be found in this document. */
  oldCode: string;
  token: string;
  body: string;
}

export type Random = ReturnType<typeof createRandom>;

/** Seeded helpers over mulberry32 (see `seededRandom`). */
export function createRandom(seed: number) {
  const next = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, int, pick, chance: (probability: number) => next() < probability };
}

const functionWords =
  'the a to of and for in is are be or on with within after before your our we you if not any all this that may will must can by from at as per when'.split(
    ' ',
  );
const domainWords = `refund return exchange order shipping delivery customer account billing invoice payment card charge
subscription plan upgrade downgrade cancel cancellation warranty repair replacement damaged defective item product package
carrier tracking address receipt credit store gift fee restocking eligible request approval agent support ticket escalation
manager policy exception holiday weekend business hours week month year period window deadline international domestic
express standard free discount coupon promo price adjustment loyalty points member premium tier trial renewal annual monthly
prorated balance statement dispute chargeback fraud verification identity password login email phone chat callback survey
feedback complaint resolution compensation voucher bundle accessory battery screen device software license installation
setup appointment technician onsite pickup dropoff label prepaid original packaging condition unopened opened used final
sale clearance outlet marketplace seller partner region country tax duty customs currency transfer bank wallet deposit
limit threshold minimum maximum purchase checkout cart inventory backorder preorder shortage delay lost stolen claim
insurance coverage extended registration serial model firmware update outage maintenance service contract renewal notice
termination penalty late overdue reminder collection settlement approval supervisor review audit record retention privacy
consent deletion export portability complaint ombudsman regulator`.split(/\s+/);
const syllables = 'ka lo mi ter von ra zel ix pro nu dex ar qui sol ven tri mar lu ob en fi go'.split(' ');

function productNames(random: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const word = Array.from({ length: random.int(2, 3) }, () => random.pick(syllables)).join('');
    names.add(word[0]?.toUpperCase() + word.slice(1));
  }
  return [...names];
}

/** Picks items with probability proportional to 1 / (rank + 1) ^ exponent. */
function zipf<T>(items: readonly T[], random: Random, exponent = 1): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 0; rank < items.length; rank++) {
    total += 1 / (rank + 1) ** exponent;
    cumulative.push(total);
  }
  return () => {
    const target = random.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return items[low] as T;
  };
}

function titleCase(words: readonly string[]): string {
  return words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join(' ');
}

export function generateCorpus(options: { targetChunks: number; seed: number }): Corpus {
  const random = createRandom(options.seed);
  const products = productNames(random, 2000);
  const functionWord = zipf(functionWords, random);
  const domainWord = zipf(domainWords, random, 0.7);
  const product = zipf(products, random, 0.7);
  const amount = () =>
    random.pick([
      () => `$${random.int(5, 500)}`,
      () => `${random.pick([7, 14, 30, 60, 90])} days`,
      () => `${random.int(1, 10)} business days`,
      () => `${random.int(1, 72)} hours`,
      () => `${random.int(5, 50)}%`,
    ])();

  const documents: BenchDocument[] = [];
  let chunkCount = 0;
  let bytes = 0;
  while (chunkCount < options.targetChunks) {
    const index = documents.length;
    // Each document has a topic: most of its domain words come from a small set.
    const topic = Array.from({ length: random.int(12, 20) }, () => random.pick(domainWords));
    const mainProduct = product();
    const word = (): string => {
      const roll = random.next();
      if (roll < 0.38) return functionWord();
      if (roll < 0.75) return random.pick(topic);
      if (roll < 0.87) return domainWord();
      if (roll < 0.97) return random.chance(0.7) ? mainProduct : product();
      return amount();
    };
    const sentence = () => {
      const text = Array.from({ length: random.int(6, 16) }, word).join(' ');
      return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
    };
    const paragraph = () => Array.from({ length: random.int(2, 4) }, sentence).join(' ');

    const id = `policies/${random.pick(topic)}-${index}`;
    const title = `${titleCase([random.pick(topic)])} ${random.pick(['policy', 'guide', 'FAQ', 'terms'])} for ${mainProduct}`;
    const parts: string[] = [];
    if (random.chance(0.4)) parts.push(paragraph());
    const codes: string[] = [];
    const sections = random.int(7, 13);
    for (let section = 0; section < sections; section++) {
      const code = `kb${index}s${section}`;
      codes.push(code);
      parts.push(`## ${titleCase(Array.from({ length: random.int(2, 4) }, () => random.pick(topic)))}`);
      for (let count = random.int(1, 2); count > 0; count--) parts.push(paragraph());
      if (random.chance(0.25)) {
        parts.push(Array.from({ length: random.int(3, 5) }, () => `- ${sentence()}`).join('\n'));
      }
      if (random.chance(0.1)) parts.push(`### ${titleCase([domainWord(), domainWord()])}`, paragraph());
      parts.push(`(${code})`);
    }
    const body = `${parts.join('\n\n')}\n`;
    const input: DocumentInput = {
      id,
      title,
      collection: random.pick(['policy', 'product', 'faq']),
      acl: random.chance(0.2) ? ['billing'] : null,
      effective_from: null,
      effective_until: null,
      subjects: [],
      tags: [random.pick(topic)],
      extra: {},
      body,
    };
    const chunks = chunkMarkdown(body);
    documents.push({ input, chunks, codes });
    chunkCount += chunks.length;
    bytes += Buffer.byteLength(body);
  }
  return { documents, chunkCount, bytes };
}

/** Queries of 2-3 words drawn from the corpus vocabulary, alternating an anonymous and a billing principal. */
export function generateQueries(options: { count: number; seed: number }): BenchQuery[] {
  const random = createRandom(options.seed);
  const products = productNames(createRandom(options.seed), 2000);
  const domainWord = zipf(domainWords, random, 0.7);
  const content = () => (random.chance(0.15) ? random.pick(products).toLowerCase() : domainWord());
  return Array.from({ length: options.count }, (_, index) => {
    const withStopword = random.chance(0.2);
    const words = withStopword
      ? [content(), random.pick(functionWords), content()]
      : Array.from({ length: random.int(2, 3) }, content);
    return {
      text: words.join(' '),
      as: index % 2 === 0 ? 'nobody' : 'bea',
      kind: withStopword ? 'with-stopword' : 'keywords',
    } satisfies BenchQuery;
  });
}

/** Edits of distinct documents, each replacing one section's reference code with a fresh token. */
export function planEdits(corpus: Corpus, options: { count: number; seed: number }): Edit[] {
  const random = createRandom(options.seed);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(options.count, corpus.documents.length)) {
    chosen.add(random.int(0, corpus.documents.length - 1));
  }
  return [...chosen].map((index, counter) => {
    const document = corpus.documents[index] as BenchDocument;
    const oldCode = random.pick(document.codes);
    const letters = Array.from({ length: 4 }, () => String.fromCharCode(97 + random.int(0, 25))).join('');
    const token = `zq${counter}${letters}`;
    return { id: document.input.id, oldCode, token, body: document.input.body.replace(`(${oldCode})`, `(${token})`) };
  });
}
