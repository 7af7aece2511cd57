import type { FronteggApiClient } from '@frontegg/rest-api';
import { entryFor, sdkFunctions, type Entry } from './rest-api.catalog';

/** The README's section that `npm run sdk:table` writes, between these two lines. */
const TABLE_START = '<!-- sdk-table:start (npm run sdk:table writes this section) -->';
const TABLE_END = '<!-- sdk-table:end -->';

function status(entry: Entry | undefined): { label: string; note: string } {
  if (!entry) return { label: 'not listed', note: '' };
  if ('call' in entry) {
    if (entry.known) return { label: 'fails (known)', note: entry.known };
    if (entry.refused) return { label: 'refused by design', note: entry.refused };
    if (entry.dtsIsWrong) return { label: 'supported', note: `judged by what the store reads: ${entry.dtsIsWrong}` };
    return { label: 'supported', note: entry.dtsDiffers ? `differs from the .d.ts at \`${entry.dtsDiffers.path.source}\`: ${entry.dtsDiffers.why}` : '' };
  }
  if ('planned' in entry) return { label: 'planned', note: entry.planned };
  if ('outside' in entry) return { label: 'not nestegg', note: entry.outside };
  if ('internal' in entry) return { label: 'no request', note: entry.internal };
  return { label: 'not yet in the suite', note: entry.todo };
}

const ORDER = ['supported', 'refused by design', 'fails (known)', 'not yet in the suite', 'planned', 'no request', 'not nestegg', 'not listed'];

/** The section: a count per status, then every function of `api.*` by module, with its status. */
export function renderSdkTable(api: FronteggApiClient, version: string): string {
  const rows = sdkFunctions(api).map(({ module, name }) => ({ module, name, ...status(entryFor(module, name)) }));
  const counts = ORDER.map((label) => [label, rows.filter((row) => row.label === label).length] as const).filter(([, count]) => count > 0);
  const lines = [
    TABLE_START,
    '',
    `Every function of \`@frontegg/rest-api\` ${version}'s \`api.*\`, as the conformance suite (\`test/conformance/\`) treats it: ` +
      "*supported* ones are called through the real SDK against a real server on every test run and judged by what the SDK's types promise.",
    '',
    '| status | functions |',
    '|---|---|',
    ...counts.map(([label, count]) => `| ${label} | ${count} |`),
    '',
  ];
  for (const module of [...new Set(rows.map((row) => row.module))]) {
    const ofModule = rows.filter((row) => row.module === module);
    const supported = ofModule.filter((row) => row.label === 'supported').length;
    lines.push(`<details><summary><code>api.${module}</code>: ${supported} of ${ofModule.length} supported</summary>`, '');
    lines.push('| function | status | note |', '|---|---|---|');
    for (const row of ofModule) lines.push(`| \`${row.name}\` | ${row.label} | ${row.note.replace(/\|/g, '\\|')} |`);
    lines.push('', '</details>', '');
  }
  lines.push(TABLE_END);
  return lines.join('\n');
}

/** The README with its section replaced by `section`. */
export function withSdkTable(readme: string, section: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no section between "${TABLE_START}" and "${TABLE_END}"`);
  return `${readme.slice(0, start)}${section}${readme.slice(end + TABLE_END.length)}`;
}
