import fs from 'node:fs';
import path from 'node:path';
import parity from '../parity.json';

const root = path.join(__dirname, '..', '..');

/** Test files under a folder, as paths from the repository root. */
function testFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.posix.join(folder, name.split(path.sep).join('/')));
}

describe('the parity subset (test/parity.json)', () => {
  it.each(parity.include)('%s names at least one test file', (entry) => {
    const folder = entry.split('/**')[0]!;
    const found = entry.includes('*') ? testFiles(folder) : [entry].filter((file) => fs.existsSync(path.join(root, file)));
    expect(found.length).toBeGreaterThan(0);
  });
});
