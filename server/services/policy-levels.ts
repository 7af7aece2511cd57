/**
 * Security policies that always answer. A policy read for an account is the one that applies there:
 * the account's own, else the environment's default, else the built-in one (what nestegg enforces
 * when nothing is stored). The built-in policy is not stored: it answers with a fixed id and the
 * epoch as its times, so a client that sends the loaded policy back can be told apart.
 */

/** Where the policy in an answer comes from. */
export type PolicyLevel = 'account' | 'environment' | 'builtIn';

/** The id every built-in policy answers with. */
export const BUILT_IN_POLICY_ID = '00000000-0000-0000-0000-000000000000';

/** The created and updated time of a built-in policy. */
export const BUILT_IN_POLICY_TIME = new Date(0);

/** What a save carrying the id of the policy it loaded does at a level. */
export type SaveTarget = 'update' | 'create' | 'stale';

/**
 * The Admin Portal loads the policy that applies and sends it back whole, `id` included, to save.
 * With the level's own policy, the id must be its id (or absent). Without one, an id of a policy the
 * level inherits (the environment's default, or the built-in one) creates the level's own policy:
 * the inherited policy itself is never written. Any other id is stale or another level's: refused.
 * Without an id and without an own policy there is nothing to update (create it with POST).
 */
export function saveTarget(id: string | undefined, own: { id: string } | undefined, inherited: { id: string } | undefined): SaveTarget | 'missing' {
  if (own) return id === undefined || id === own.id ? 'update' : 'stale';
  if (id === undefined) return 'missing';
  return id === BUILT_IN_POLICY_ID || id === inherited?.id ? 'create' : 'stale';
}
