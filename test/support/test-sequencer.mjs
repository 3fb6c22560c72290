// Plain ESM: jest loads its test sequencer outside its module mapper, so this imports no project code.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import Sequencer from '@jest/test-sequencer';

/** Seconds each test file took in a full run (`node scripts/test-durations.mjs`). */
const recorded = JSON.parse(readFileSync(new URL('./test-durations.json', import.meta.url), 'utf8'));

/**
 * Runs the longest files first, so no worker is left running a long file on its own at the end.
 * jest does this from its own cache of earlier runs; a fresh checkout (as in CI) has none, and
 * jest would then go by file size, which puts a 100-second browser test after a hundred
 * one-second ones. The recorded durations fill that gap; jest's cache, where it has one, wins.
 */
export default class LongestFirstSequencer extends Sequencer {
  time(test) {
    return super.time(test) ?? recorded[relative(test.context.config.rootDir, test.path)];
  }
}
