import fs from 'node:fs';
import path from 'node:path';
import { STATUS } from '../../server/http/errors';
import { describeError, errorModules, type DomainError } from '../../server/services/errors';
import { FRONTEGG_ERROR_CODES, fronteggCodesInSdk, type FronteggErrorCode } from './frontegg-error-codes';

/**
 * The error catalogue (server/services/errors/catalogue/, one module per feature) keeps one meaning
 * per code: each code once, in its module's range; each message (by its template) under one code
 * and one status; no code that Frontegg answers with another meaning. Each check is run on the real
 * catalogue and on a broken copy, so none of them can pass by never looking.
 */

interface CatalogueModule {
  range: string;
  errors: Record<string, (...args: never[]) => DomainError>;
  retired: Readonly<Record<string, string>>;
}

interface Entry {
  module: string;
  name: string;
  code: string;
  status: number;
  template: string;
}

function entriesOf(modules: Record<string, CatalogueModule>): Entry[] {
  return Object.entries(modules).flatMap(([module, { errors }]) =>
    Object.entries(errors).map(([name, factory]) => {
      const { code, kind, template } = describeError(factory);
      return { module, name, code, status: STATUS[kind], template };
    }),
  );
}

/** `ER-031xx`: the digits before the x's. */
const rangePrefix = (range: string) => range.replace(/x+$/, '');
const inRange = (code: string, range: string) => code.startsWith(rangePrefix(range));
/** Messages compared as a reader would: case, spacing and a final full stop aside. */
const normalized = (template: string) =>
  template
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '');

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

const where = (entry: Entry) => `${entry.module}.${entry.name} (${entry.code}, ${entry.status})`;

/** Everything wrong with a catalogue, one line per problem. */
function catalogueProblems(modules: Record<string, CatalogueModule>, frontegg: FronteggErrorCode[]): string[] {
  const problems: string[] = [];
  const entries = entriesOf(modules);

  for (const [module, { range }] of Object.entries(modules)) {
    if (!/^ER-\d+x+$/.test(range) || range.length !== 'ER-00000'.length) problems.push(`${module}: range ${range} is not like ER-031xx`);
    for (const [other, { range: otherRange }] of Object.entries(modules)) {
      if (other > module && (rangePrefix(range).startsWith(rangePrefix(otherRange)) || rangePrefix(otherRange).startsWith(rangePrefix(range)))) {
        problems.push(`${module} (${range}) and ${other} (${otherRange}): ranges overlap`);
      }
    }
  }
  for (const entry of entries) {
    const { range } = modules[entry.module];
    if (!/^ER-\d{5}$/.test(entry.code)) problems.push(`${where(entry)}: not a code like ER-00000`);
    else if (!inRange(entry.code, range)) problems.push(`${where(entry)}: outside its module's range ${range}`);
  }
  for (const [module, { range, retired }] of Object.entries(modules)) {
    for (const code of Object.keys(retired)) if (!inRange(code, range)) problems.push(`${module}: retired ${code} is outside its range ${range}`);
    const codes = entries.filter((entry) => entry.module === module).map((entry) => entry.code);
    const unordered = codes.find((code, index) => index > 0 && code < codes[index - 1]);
    if (unordered) problems.push(`${module}: ${unordered} is out of order (codes go up through a module)`);
  }

  for (const [code, holders] of groupBy(entries, (entry) => entry.code)) {
    if (holders.length > 1) problems.push(`${code}: duplicate code, in ${holders.map(where).join(', ')}`);
  }
  const retired = Object.entries(modules).flatMap(([module, { retired: codes }]) => Object.keys(codes).map((code) => ({ module, code })));
  for (const { module, code } of retired) {
    const reused = entries.find((entry) => entry.code === code);
    if (reused) problems.push(`${code}: retired by ${module}, given again to ${where(reused)}`);
  }
  for (const [name, holders] of groupBy(entries, (entry) => entry.name)) {
    if (holders.length > 1) problems.push(`errors.${name}: named in ${holders.map((entry) => entry.module).join(' and ')}; one would hide the other`);
  }

  for (const holders of groupBy(entries, (entry) => normalized(entry.template)).values()) {
    if (new Set(holders.map((entry) => entry.code)).size > 1) {
      problems.push(`"${holders[0].template}": repeated message, under ${holders.map(where).join(', ')}`);
    }
    if (new Set(holders.map((entry) => entry.status)).size > 1) {
      problems.push(`"${holders[0].template}": one message with two statuses, ${holders.map(where).join(', ')}`);
    }
  }

  for (const fact of frontegg) {
    const ours = entries.find((entry) => entry.code === fact.code);
    if (!ours) continue;
    if (ours.name !== fact.ours) problems.push(`${where(ours)}: Frontegg's ${fact.code} means ${fact.meaning}`);
    else if (fact.status !== undefined && fact.status !== ours.status) problems.push(`${where(ours)}: Frontegg answers ${fact.code} with ${fact.status}`);
  }
  return problems;
}

const modules = errorModules as unknown as Record<string, CatalogueModule>;

describe('the error catalogue', () => {
  it("has no problem: codes unique and in range, one code and one status per message, none of Frontegg's with another meaning", () => {
    expect(catalogueProblems(modules, FRONTEGG_ERROR_CODES)).toEqual([]);
  });

  it("knows the meaning of every error code that Frontegg's browser SDK names", () => {
    const known = new Set(FRONTEGG_ERROR_CODES.map((fact) => fact.code));
    expect(fronteggCodesInSdk().filter((code) => !known.has(code))).toEqual([]);
  });

  it('has every module of the catalogue folder assembled into errors (npm run generate)', () => {
    const files = fs.readdirSync(path.join(__dirname, '..', '..', 'server', 'services', 'errors', 'catalogue'));
    expect(Object.keys(errorModules).sort()).toEqual(
      files
        .filter((file) => file.endsWith('.ts'))
        .map((file) => file.slice(0, -3))
        .sort(),
    );
  });
});

describe('the catalogue check', () => {
  /** The real catalogue with one module added or replaced. */
  const withModule = (name: string, module: CatalogueModule) => ({ ...modules, [name]: module });
  const error = (kind: DomainError['kind'], code: string, message: string) => () => ({ kind, code, message }) as DomainError;
  const problemsWith = (name: string, module: Partial<CatalogueModule>, frontegg = FRONTEGG_ERROR_CODES) =>
    catalogueProblems(withModule(name, { range: 'ER-099xx', errors: {}, retired: {}, ...module }), frontegg);

  it('finds a duplicate code', () => {
    expect(
      problemsWith('broken', { errors: { first: error('invalid', 'ER-09901', 'One thing'), second: error('invalid', 'ER-09901', 'Another thing') } }),
    ).toEqual([expect.stringMatching(/^ER-09901: duplicate code/)]);
  });

  it("finds a code outside its module's range, codes out of order, and ranges that overlap", () => {
    expect(problemsWith('broken', { errors: { stray: error('invalid', 'ER-09801', 'A stray thing') } })).toEqual([
      expect.stringMatching(/outside its module's range ER-099xx/),
    ]);
    expect(problemsWith('broken', { errors: { later: error('invalid', 'ER-09902', 'Later'), earlier: error('invalid', 'ER-09901', 'Earlier') } })).toEqual([
      expect.stringMatching(/ER-09901 is out of order/),
    ]);
    expect(problemsWith('broken', { range: 'ER-0310x' })).toEqual([expect.stringMatching(/ranges overlap/)]);
  });

  it('finds a retired code given again', () => {
    expect(problemsWith('broken', { errors: { again: error('invalid', 'ER-09901', 'Again') }, retired: { 'ER-09901': 'once something else' } })).toEqual([
      expect.stringMatching(/^ER-09901: retired by broken/),
    ]);
  });

  it('finds a repeated message, comparing the templates of messages that take parameters', () => {
    const repeated = (ids: string[]) => ({ kind: 'invalid', code: 'ER-09901', message: `No such role in this account: ${ids.join(', ')}` }) as DomainError;
    expect(problemsWith('broken', { errors: { repeated } })).toEqual([expect.stringMatching(/^"No such role in this account: \{\}": repeated message/)]);
  });

  it('finds one message with two statuses', () => {
    const notMember = (status: 'invalid' | 'not_found', code: string) => (tenantId: string) =>
      ({ kind: status, code, message: `The user is not an active member of account ${tenantId}` }) as DomainError;
    const problems = problemsWith('broken', { errors: { asInvalid: notMember('invalid', 'ER-09901'), asNotFound: notMember('not_found', 'ER-09902') } });
    expect(problems).toEqual([expect.stringMatching(/repeated message/), expect.stringMatching(/one message with two statuses/)]);
  });

  it('finds a code that Frontegg answers with another meaning', () => {
    const frontegg = [...FRONTEGG_ERROR_CODES, { code: 'ER-09901', meaning: 'something else entirely' }];
    expect(problemsWith('broken', { errors: { ours: error('invalid', 'ER-09901', 'Ours') } }, frontegg)).toEqual([
      expect.stringMatching(/Frontegg's ER-09901 means something else entirely/),
    ]);
  });
});
