import type { Db } from '../db/knex';
import { countHit } from '../repositories/rate-limits';

/** A limit: at most `max` hits per key in each window of `windowSeconds`. */
export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/**
 * Rate limits kept in the database, so that two server processes count together and a restart
 * forgets nothing. `name` tells the limits apart (e.g. 'password-reset:email'); `key` is what is
 * counted (an email, an IP address). Callers decide what being over the limit means: refuse, or (for
 * flows that must not reveal anything) go on answering the same while doing nothing.
 */
export function createRateLimits(db: Db) {
  return {
    /** Counts the hit; true while the key is within the limit (this hit included). */
    async allow(name: string, key: string, limit: RateLimit): Promise<boolean> {
      return (await countHit(db, name, key.toLowerCase(), limit.windowSeconds)) <= limit.max;
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
