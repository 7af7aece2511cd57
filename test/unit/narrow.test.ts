import { captured, firstOf } from '../../server/lib/narrow';

describe('reads that cannot miss (server/lib/narrow)', () => {
  it('firstOf answers the first item, and throws, naming what was expected, on an empty list', () => {
    expect(firstOf([{ count: 3 }, { count: 4 }], 'the row of count(*)')).toEqual({ count: 3 });
    expect(firstOf([0], 'a number')).toBe(0);
    expect(() => firstOf([], 'the row of count(*)')).toThrow('Expected the row of count(*), found none');
  });

  it('captured answers a group of a match, and throws for a group that took no part in it', () => {
    const match = /^(\w+)(?:-(\d+))?$/.exec('role');
    expect(match).not.toBeNull();
    if (!match) return;
    expect(captured(match, 1)).toBe('role');
    expect(() => captured(match, 2)).toThrow('Capture group 2 took no part in the match');
  });
});
