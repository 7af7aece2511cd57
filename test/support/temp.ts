import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A new directory for a test's files, inside the run's own temporary directory (NESTEGG_TEST_TMP, made
 * by global-setup.ts and removed with the run, even an interrupted one), so that nothing a test
 * leaves behind outlives the run.
 */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(process.env.NESTEGG_TEST_TMP ?? os.tmpdir(), prefix));
}
