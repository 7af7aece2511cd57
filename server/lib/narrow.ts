/**
 * Reads for values the types cannot prove present but the code's construction does. Where one is
 * missing after all, that is a bug: these throw at once, with what was expected, rather than let
 * `undefined` travel on (which `!` would).
 */

/**
 * The first item of a list that is never empty by construction: the row of an aggregate
 * (`count(*)`) or of `select f(...)`, a one-row `insert ... returning`, a map over one input.
 */
export function firstOf<T>(items: readonly T[], what: string): T {
  const item = items[0];
  if (item === undefined) throw new Error(`Expected ${what}, found none`);
  return item;
}

/** The text of a capture group that is not optional, from a match of its regular expression. */
export function captured(match: RegExpMatchArray, group: number): string {
  const text = match[group];
  if (text === undefined) throw new Error(`Capture group ${group} took no part in the match`);
  return text;
}
