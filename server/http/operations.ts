import type { operations } from '../../generated/schema';
import type { Services } from '../services';
import type { ClientInfo } from '../services/sessions';
import type { Caller } from './auth';
import type { CookieInstruction } from './cookies';
import * as applications from './handlers/applications';
import * as applicationSecrets from './handlers/application-secrets';
import * as auth from './handlers/auth';
import * as coreSettings from './handlers/core-settings';
import * as domainRestrictions from './handlers/domain-restrictions';
import * as roles from './handlers/roles';
import * as signUp from './handlers/sign-up';
import * as subTenantUsers from './handlers/sub-tenant-users';
import * as groups from './handlers/groups';
import * as hierarchy from './handlers/hierarchy';
import * as invitations from './handlers/invitations';
import * as ipRestrictions from './handlers/ip-restrictions'; // IP restrictions
import * as lockout from './handlers/lockout';
import * as tenantInvites from './handlers/tenant-invites';
import * as passwordPolicies from './handlers/password-policies';
import * as passwords from './handlers/passwords';
import * as tenants from './handlers/tenants';
import * as userEmails from './handlers/user-emails';
import * as userJobs from './handlers/user-jobs';
import * as userLinks from './handlers/user-links';
import * as userManagement from './handlers/user-management';
import * as userSessions from './handlers/user-sessions';
import * as users from './handlers/users';
import * as vendorUsers from './handlers/vendor-users';
import * as vendorAuth from './handlers/vendor-auth';
// captcha policy
import * as captcha from './handlers/captcha';
// end of captcha policy
// access tokens
import * as accessTokens from './handlers/access-tokens';
// JWT templates
import * as jwtTemplates from './handlers/jwt-templates';
// API tokens
import * as apiTokens from './handlers/api-tokens';
// end of API tokens
// delegation and impersonation
import * as delegation from './handlers/delegation';
// page load
import * as featureFlags from './handlers/feature-flags';
import * as metadata from './handlers/metadata';
import * as vendors from './handlers/vendors';
import * as social from './handlers/social';
import * as sso from './handlers/sso';
// end of page load
// end of delegation and impersonation
// team service
import * as team from './handlers/team';
// end of team service

export type OperationId = keyof operations;

type Parameters<O extends OperationId> = operations[O]['parameters'];
type Part<P, K extends string> = P extends { [Key in K]?: infer X } ? Exclude<X, undefined> : never;
type Defined<T> = [T] extends [never] ? Record<string, never> : T;

export type PathParams<O extends OperationId> = Defined<Part<Parameters<O>, 'path'>>;
export type QueryParams<O extends OperationId> = Defined<Part<Parameters<O>, 'query'>>;
export type HeaderParams<O extends OperationId> = Defined<Part<Parameters<O>, 'header'>>;

export type RequestBody<O extends OperationId> = operations[O] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? operations[O] extends { requestBody: object }
    ? B
    : B | undefined
  : undefined;

type Responses<O extends OperationId> = operations[O]['responses'];
type SuccessStatus<O extends OperationId> = Extract<keyof Responses<O>, 200 | 201 | 202 | 204>;
/** A JSON body as the spec types it; plain text as a string; any other type (an image) as bytes. */
type BodyOf<R> = R extends { content: { 'application/json': infer B } }
  ? B
  : R extends { content: { 'text/plain': string } }
    ? string
    : R extends { content: object }
      ? Buffer
      : undefined;

/**
 * What a handler answers: one of the operation's success statuses with its body, and cookies to set.
 * A body that is not JSON names its `contentType`; `headers` are set on the answer as they are.
 */
export type HandlerResult<O extends OperationId> = {
  [S in SuccessStatus<O>]: {
    status: S;
    body: BodyOf<Responses<O>[S]>;
    cookies?: CookieInstruction[];
    contentType?: string;
    headers?: Record<string, string>;
  };
}[SuccessStatus<O>];

/** A file of a multipart request body, held in memory (the validator's multer parses it, within its limits). */
export interface UploadedFile {
  fieldname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface HandlerContext<O extends OperationId> {
  params: PathParams<O>;
  query: QueryParams<O>;
  headers: HeaderParams<O>;
  body: RequestBody<O>;
  caller: Caller;
  services: Services;
  client: ClientInfo;
  cookies: Record<string, string | undefined>;
  /** The files of a multipart body (their fields in `body` are empty strings); none for JSON. */
  files: UploadedFile[];
}

export type Handler<O extends OperationId> = (context: HandlerContext<O>) => Promise<HandlerResult<O>>;

type Registry = { [O in OperationId]: Handler<O> };

/**
 * Every operation of the spec, by operationId. A missing handler is a compile error; a handler the
 * spec does not know is too, and app start checks the registry against the bundled spec again.
 */
export const registry: Registry = {
  ...vendorAuth,
  ...auth,
  ...coreSettings,
  ...lockout,
  ...tenants,
  ...hierarchy,
  ...users,
  ...vendorUsers,
  ...userManagement,
  ...userJobs,
  ...roles,
  ...groups,
  ...applications,
  ...applicationSecrets,
  ...userLinks,
  ...userEmails,
  ...invitations,
  ...subTenantUsers,
  ...tenantInvites,
  ...passwordPolicies,
  ...passwords,
  ...signUp,
  ...domainRestrictions,
  ...ipRestrictions, // IP restrictions
  ...userSessions,
  // captcha policy
  ...captcha,
  // end of captcha policy
  // access tokens
  ...accessTokens,
  // JWT templates
  ...jwtTemplates,
  // API tokens
  ...apiTokens,
  // end of API tokens
  // delegation and impersonation
  ...delegation,
  // end of delegation and impersonation
  // page load
  ...featureFlags,
  ...metadata,
  ...vendors,
  ...social,
  ...sso,
  // end of page load
  // team service
  ...team,
  // end of team service
};
