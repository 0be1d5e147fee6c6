import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createValueDetector } from '../src/values/index.js';
import { type AbcdReport, chatKinds, detectTurnWith, readAbcdDialogues, scoreAbcd } from './pii-abcd.js';
import { readConll, scoreWnut, type WnutReport } from './pii-wnut.js';

/**
 * The real-chat half of `npm run bench:pii`: the development sets ABCD `valid` and WNUT-17 `dev`, read in place
 * from the shared data folder (see pii-abcd.ts and pii-wnut.ts for how each is scored). Their test splits are held
 * out. `PII_VERBOSE=1` also prints the wrong and missed spans, for development; never copy them into the repository.
 */
export function reportRealChat(sharedData: string): Record<string, AbcdReport | WnutReport> {
  const results: Record<string, AbcdReport | WnutReport> = {};
  const detector = createValueDetector();
  const verbose = process.env.PII_VERBOSE === '1';
  const fixed = (x: number) => x.toFixed(3);
  const abcdPath = join(sharedData, 'abcd-dialogues', 'valid.txt');
  if (existsSync(abcdPath)) {
    const report = scoreAbcd(readAbcdDialogues(abcdPath), detectTurnWith(detector));
    results['abcd-valid'] = report;
    console.log(`\nABCD valid (real support chat): ${report.dialogues} dialogues, ${report.turns} turns`);
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
  } else console.log(`\nABCD valid: skipped (${abcdPath} is absent)`);
  const wnutPath = join(sharedData, 'wnut17', 'dev.conll');
  if (existsSync(wnutPath)) {
    const report = scoreWnut(readConll(wnutPath), (text) => detector.detect(text, { classes: ['private'] }));
    results['wnut17-dev'] = report;
    console.log(
      `\nWNUT-17 dev (tweets, Reddit, YouTube, StackExchange): ${report.sentences} sentences\n` +
        `person (exact span): P ${fixed(report.precision)}  R ${fixed(report.recall)}  F1 ${fixed(report.f1)}  (${report.correct} correct, ${report.predicted} predicted, ${report.gold} gold)`,
    );
    if (verbose) console.log('false positives:', report.falsePositives);
  } else console.log(`\nWNUT-17 dev: skipped (${wnutPath} is absent)`);
  return results;
}
