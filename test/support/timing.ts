import { randomInt } from 'node:crypto';

export interface PairedTimings {
  /** Pairs in which the first kind took longer than the second. */
  firstSlower: number;
  pairs: number;
  /** Medians in ms, for the message. */
  medians: { first: number; second: number };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Times two kinds of request in pairs, one of each back to back in a random order, after a warm-up.
 * The pairs, not thresholds in ms, are what a test judges (see `expectSameTiming`), so that the
 * verdict does not depend on how fast or how busy the machine is: a busy moment slows both of a pair.
 */
export async function pairedTimings(
  pairs: number,
  first: (index: number) => Promise<unknown>,
  second: (index: number) => Promise<unknown>,
  /** Run after each request, outside its time: lets work the server does after answering finish. */
  settle: () => Promise<unknown> = async () => undefined,
): Promise<PairedTimings> {
  const time = async (send: (index: number) => Promise<unknown>, index: number) => {
    const started = performance.now();
    await send(index);
    const took = performance.now() - started;
    await settle();
    return took;
  };
  // Warm-up: connections, prepared statements, the JIT.
  for (let i = 0; i < 10; i += 1) await time(i % 2 ? first : second, i);
  const firsts: number[] = [];
  const seconds: number[] = [];
  let firstSlower = 0;
  for (let i = 0; i < pairs; i += 1) {
    let a: number;
    let b: number;
    if (randomInt(2) === 0) {
      a = await time(first, i);
      b = await time(second, i);
    } else {
      b = await time(second, i);
      a = await time(first, i);
    }
    firsts.push(a);
    seconds.push(b);
    if (a > b) firstSlower += 1;
  }
  return { firstSlower, pairs, medians: { first: median(firsts), second: median(seconds) } };
}

/**
 * Two kinds of request that must not be told apart by their timing: in about half of the pairs either
 * one is the slower. With no difference, the count of pairs in which the first is the slower is
 * binomial (n, 1/2); it is accepted within 4.4 standard deviations of n/2 (a chance of about 1 in
 * 100,000 of failing by luck; 28 to 72 of 100 pairs), while a difference larger than the noise (a
 * skipped hash, a database write before the answer) makes one side the slower in nearly every pair.
 */
export function expectSameTiming(timings: PairedTimings): void {
  const margin = 4.4 * (Math.sqrt(timings.pairs) / 2);
  const within = Math.abs(timings.firstSlower - timings.pairs / 2) <= margin;
  // On failure the message shows the count and the medians (ms).
  expect({ firstSlower: within ? 'about half' : timings.firstSlower, of: timings.pairs, medians: timings.medians }).toEqual({
    firstSlower: 'about half',
    of: timings.pairs,
    medians: timings.medians,
  });
}
