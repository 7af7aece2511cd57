import fs from 'node:fs';

/** An error code Frontegg answers, with what it means in our words. */
export interface FronteggErrorCode {
  code: string;
  /** The status Frontegg answers it with, where a source shows it. */
  status?: number;
  meaning: string;
  /** Our error of the same meaning, when nestegg answers this code too. */
  ours?: string;
}

/**
 * Frontegg's error codes that its documents and SDKs show (WIRE-FACTS.md of the reference beside the
 * project, section 2.3, and @frontegg/rest-api's constants), facts only. nestegg may answer one of
 * these codes only with the same meaning: the catalogue test fails on a code of ours that Frontegg
 * gives another meaning.
 */
export const FRONTEGG_ERROR_CODES: FronteggErrorCode[] = [
  { code: 'ER-00006', meaning: 'the request body is not valid JSON', ours: 'invalidJson' },
  { code: 'ER-00008', status: 403, meaning: 'the application id header is missing' },
  { code: 'ER-01008', status: 404, meaning: 'the account is not assigned to the requested application' },
  { code: 'ER-01097', status: 400, meaning: 'the user has no MFA enrolled to disable' },
  { code: 'ER-01239', status: 400, meaning: "an invitation's target account is locked" },
  { code: 'ER-01240', status: 400, meaning: 'an invitation link cannot be made for a locked account' },
];

/**
 * The error codes the installed browser SDK names (@frontegg/rest-api's constants), so that one a
 * new SDK version brings is not missed: each must be in the table above.
 */
export function fronteggCodesInSdk(): string[] {
  const constants = fs.readFileSync(require.resolve('@frontegg/rest-api/constants.js'), 'utf8');
  return [...new Set(constants.match(/\bER-\d{5}\b/g) ?? [])].sort();
}
