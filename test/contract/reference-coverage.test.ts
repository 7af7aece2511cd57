import fs from 'node:fs';
import path from 'node:path';
import { loadSpec } from '../../server/http/spec';
import { referenceOperations, routeKey } from './reference';

/**
 * How much of Frontegg's published API our spec covers, per category of the reference documents:
 * the same method and path, and every status code the reference lists. The numbers in
 * reference-coverage.json may only go up: raise them when an issue adds operations.
 */
const BASELINE_FILE = path.join(__dirname, 'reference-coverage.json');

function ourOperations(): Map<string, string[]> {
  const spec = loadSpec() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  const operations = new Map<string, string[]>();
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation && typeof operation === 'object' && 'responses' in operation) {
        operations.set(routeKey(method, route), Object.keys(operation.responses));
      }
    }
  }
  return operations;
}

describe('coverage of the reference documents', () => {
  const reference = referenceOperations();
  const ours = ourOperations();
  const covered = reference.filter((operation) => ours.has(routeKey(operation.method, operation.path)));

  it('has every status code the reference lists, on each operation we cover', () => {
    const mismatches = covered
      .map((operation) => {
        const statuses = ours.get(routeKey(operation.method, operation.path)) ?? [];
        const missing = operation.statuses.filter((status) => !statuses.includes(status));
        return missing.length > 0 ? `${routeKey(operation.method, operation.path)} lacks ${missing.join(', ')}` : undefined;
      })
      .filter(Boolean);
    expect(mismatches).toEqual([]);
  });

  it('never covers fewer operations than the baseline, per category and in all', () => {
    const counts = new Map<string, { total: number; covered: number }>();
    for (const operation of reference) {
      const entry = counts.get(operation.category) ?? { total: 0, covered: 0 };
      entry.total += 1;
      if (ours.has(routeKey(operation.method, operation.path))) entry.covered += 1;
      counts.set(operation.category, entry);
    }
    const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
    const report = rows.map(([category, { total, covered: n }]) => `${category.padEnd(52)} ${String(n).padStart(3)} / ${total}`);
    report.push(`${'all'.padEnd(52)} ${String(covered.length).padStart(3)} / ${reference.length}`);
    process.stdout.write(`\nReference coverage (operations in our spec / in the reference):\n${report.join('\n')}\n`);

    const baseline = JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8')) as Record<string, number>;
    const dropped = Object.entries(baseline)
      .map(([category, minimum]) => {
        const actual = category === 'all' ? covered.length : (counts.get(category)?.covered ?? 0);
        return actual < minimum ? `${category}: ${actual} < ${minimum}` : undefined;
      })
      .filter(Boolean);
    expect(dropped).toEqual([]);
  });
});
