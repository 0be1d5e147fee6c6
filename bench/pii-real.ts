import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createValueDetector } from '../src/values/index.js';
import { setPersonModel } from '../src/values/person-model/tagger.js';
import { type AbcdReport, chatKinds, detectTurnWith, readAbcdDialogues, scoreAbcd } from './pii-abcd.js';
import { readConll, type Sentence, scoreWnut, sentenceText, type WnutReport } from './pii-wnut.js';

/**
 * The real-chat half of `npm run bench:pii`: the development sets ABCD `valid` and WNUT-17 `dev`, read in place
 * from the shared data folder (see pii-abcd.ts and pii-wnut.ts for how each is scored). Their test splits are held
 * out. Each set is measured twice in the same run: with the rules alone, and with the rules and the person tagger
 * (when `npm run build` has trained one), with the detector's speed on the set's texts. `PII_VERBOSE=1` also
 * prints the wrong and missed spans, for development; never copy them into the repository.
 */

const configurations = [
  { name: 'rules only', model: null },
  { name: 'rules + tagger', model: undefined },
] as const;

/** Characters per second of `detect` over `texts`: the best of three passes after a warm-up pass. */
function throughput(texts: readonly string[], detect: (text: string) => unknown): number {
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 4; pass += 1) {
    const started = performance.now();
    for (const text of texts) detect(text);
    if (pass > 0) best = Math.min(best, performance.now() - started);
  }
  return Math.round((chars / best) * 1000);
}

type Measured<T> = T & { configuration: string; charsPerSecond: number };

export function reportRealChat(sharedData: string): Record<string, Measured<AbcdReport> | Measured<WnutReport>> {
  const results: Record<string, Measured<AbcdReport> | Measured<WnutReport>> = {};
  const detector = createValueDetector();
  const verbose = process.env.PII_VERBOSE === '1';
  const fixed = (x: number) => x.toFixed(3);
  const speed = (x: number) => `${x.toLocaleString('en-US')} chars/s`;
  const abcdPath = join(sharedData, 'abcd-dialogues', 'valid.txt');
  const wnutPath = join(sharedData, 'wnut17', 'dev.conll');
  const dialogues = existsSync(abcdPath) ? readAbcdDialogues(abcdPath) : undefined;
  const sentences: Sentence[] | undefined = existsSync(wnutPath) ? readConll(wnutPath) : undefined;
  if (dialogues === undefined) console.log(`\nABCD valid: skipped (${abcdPath} is absent)`);
  if (sentences === undefined) console.log(`\nWNUT-17 dev: skipped (${wnutPath} is absent)`);
  for (const configuration of configurations) {
    setPersonModel(configuration.model);
    const suffix = configuration.model === null ? ' (rules only)' : '';
    if (dialogues !== undefined) {
      const detectTurn = detectTurnWith(detector);
      const report = scoreAbcd(dialogues, detectTurn);
      const turns = dialogues.flatMap((dialogue) => dialogue.turns.map((turn) => turn.text));
      const charsPerSecond = throughput(turns, (text) => detector.detect(text, { classes: ['private'] }));
      results[`abcd-valid${suffix}`] = { ...report, configuration: configuration.name, charsPerSecond };
      console.log(
        `\nABCD valid (real support chat), ${configuration.name}: ${report.dialogues} dialogues, ${report.turns} turns, ${speed(charsPerSecond)}`,
      );
      console.log(`${'kind'.padEnd(12)}${'found'.padStart(7)}${'gold'.padStart(7)}${'recall'.padStart(8)}`);
      for (const kind of chatKinds) {
        const entry = report.recall[kind];
        console.log(
          `${kind.padEnd(12)}${String(entry.found).padStart(7)}${String(entry.gold).padStart(7)}${fixed(entry.recall).padStart(8)}`,
        );
      }
      console.log(`recall over all kinds ${fixed(report.overallRecall)}`);
      const person = report.person;
      console.log(
        `person: P ${fixed(person.precision)} (${person.correct}/${person.predicted} findings are customer-name words)  R ${fixed(person.recall)}  F1 ${fixed(person.f1)}`,
      );
      console.log(
        `  ${report.agentNames} of the wrong ones are agents introducing themselves (a person, not a customer): ` +
          `P ${fixed(report.precisionWithAgents)} counting them right`,
      );
      if (verbose) {
        console.log('wrong people:', report.wrongPeople);
        console.log('missed:', report.missed);
      }
    }
    if (sentences !== undefined) {
      const detect = (text: string) => detector.detect(text, { classes: ['private'] });
      const report = scoreWnut(sentences, detect);
      const charsPerSecond = throughput(
        sentences.map((sentence) => sentenceText(sentence).text),
        detect,
      );
      results[`wnut17-dev${suffix}`] = { ...report, configuration: configuration.name, charsPerSecond };
      console.log(
        `\nWNUT-17 dev (tweets, Reddit, YouTube, StackExchange), ${configuration.name}: ${report.sentences} sentences, ${speed(charsPerSecond)}\n` +
          `person (exact span): P ${fixed(report.precision)}  R ${fixed(report.recall)}  F1 ${fixed(report.f1)}  (${report.correct} correct, ${report.predicted} predicted, ${report.gold} gold)`,
      );
      if (verbose) console.log('false positives:', report.falsePositives);
    }
  }
  setPersonModel(undefined);
  return results;
}
