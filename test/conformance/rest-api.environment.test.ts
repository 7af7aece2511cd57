import { defineSdkCalls } from './support/runner';

/**
 * The SDK's calls that need an environment-wide setting changed (temporary users): on an embedded
 * database of their own, so that no other test file sees the change.
 */
defineSdkCalls((entry) => Boolean(entry.environmentWide), {
  databaseUrl: undefined,
});
