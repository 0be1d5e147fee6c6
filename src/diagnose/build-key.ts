// The key of a built diagnose model: what it was trained from (data, features, settings) and the compiled
// training code. `npm run build` retrains only when the key of the model beside the code is not this one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtModelUrl, trainingFingerprint } from './model-file.js';

const keyUrl = new URL('./model.build-key', import.meta.url);

/** The training fingerprint and the bytes of every compiled file beside this one (but the build step's). */
export function currentBuildKey(): string {
  const hash = createHash('sha256').update(trainingFingerprint());
  const folder = fileURLToPath(new URL('.', import.meta.url));
  for (const name of readdirSync(folder).sort()) {
    if (name.endsWith('.js') && name !== 'build-model.js') {
      hash.update(name).update(readFileSync(new URL(`./${name}`, import.meta.url)));
    }
  }
  return hash.digest('hex');
}

/** Whether the built model exists and carries `key` (by default, the key stored beside it) as this build's. */
export function buildKeyMatches(key: string | undefined = storedBuildKey()): boolean {
  return key !== undefined && existsSync(builtModelUrl) && key === currentBuildKey();
}

/** Record that the model beside the code was built by this code from this data. */
export function storeBuildKey(): void {
  writeFileSync(keyUrl, `${currentBuildKey()}\n`);
}

function storedBuildKey(): string | undefined {
  return existsSync(keyUrl) ? readFileSync(keyUrl, 'utf8').trim() : undefined;
}
