// Jest's own order, except that the longest files start first. Without a timing cache (a clean CI
// checkout has none) Jest starts the largest files first, and email.test.ts, a short file that runs
// every email case one after another, came last: one worker then ran it alone for over a minute
// while the other sat idle. Starting it, and the other long files, first keeps both workers busy.
const Sequencer = require('@jest/test-sequencer').default;

const LONGEST_FIRST = [
  'test/integration/email/email.test.ts',
  'test/contract/operations.test.ts',
  'test/contract/authorization.test.ts',
  'test/integration/server/restart.test.ts',
];

class LongestFirst extends Sequencer {
  async sort(tests) {
    const usual = await super.sort(tests);
    const rank = (test) => {
      const index = LONGEST_FIRST.findIndex((file) => test.path.endsWith(file));
      return index === -1 ? LONGEST_FIRST.length : index;
    };
    return [...usual].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
