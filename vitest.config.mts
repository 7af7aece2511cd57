import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import parity from './test/parity.json' with { type: 'json' };

// Vitest's order, except that the longest files start first. Without a timing cache (a clean CI
// checkout has none) the order follows file size, and a short file with a long test (the sign-up
// timing test, a server process restarted) could come last: one worker then runs it alone while the
// other sits idle.
const LONGEST_FIRST = [
  'test/contract/operations.test.ts',
  'test/system/email/sign-up.test.ts',
  'test/system/signing-keys/rotation.test.ts',
  'test/conformance/rest-api.test.ts',
  'test/system/server/startup.test.ts',
  'test/system/email/password-reset-security.test.ts',
  'test/system/server/restart.test.ts',
  'test/contract/authorization.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const usual = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((name) => file.moduleId.endsWith(name));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    return [...usual].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The suite: every `*.test.ts` under test/, two worker processes (this machine has two cores). Files
 * of a worker run one after another in one module graph (`isolate: false`): they share that worker's
 * server (test/support/server.ts) and its compiled validator, which is most of a small file's cost.
 * A file that changes settings of the whole environment starts a server of its own.
 */
export default defineConfig({
  test: {
    // NESTEGG_TEST_SUBSET=parity runs the files of test/parity.json only (CI's run on PostgreSQL).
    include: process.env.NESTEGG_TEST_SUBSET === 'parity' ? parity.include : ['test/**/*.test.ts'],
    globals: true,
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    globalSetup: ['test/support/global-setup.ts'],
    sequence: { sequencer: LongestFirst },
    // Transformed modules are kept in node_modules/.experimental-vitest-cache between runs: a run of
    // one file skips most of its second of TypeScript transforms.
    experimental: { fsModuleCache: true },
    // A line per file as it ends, so a long run shows where it is.
    reporters: ['default'],
  },
});
