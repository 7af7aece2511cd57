import * as handlers from '../../generated/handlers';
import type { operations } from '../../generated/schema';
import type { Services } from '../services';
import type { ClientInfo } from '../services/auth';
import type { Caller } from './caller';
import type { CookieInstruction } from './cookies';

export type OperationId = keyof operations;

type Parameters<O extends OperationId> = operations[O]['parameters'];
type Part<P, K extends string> = P extends { [Key in K]?: infer X } ? Exclude<X, undefined> : never;
type Defined<T> = [T] extends [never] ? Record<string, never> : T;

type PathParams<O extends OperationId> = Defined<Part<Parameters<O>, 'path'>>;
type QueryParams<O extends OperationId> = Defined<Part<Parameters<O>, 'query'>>;
type HeaderParams<O extends OperationId> = Defined<Part<Parameters<O>, 'header'>>;

type RequestBody<O extends OperationId> = operations[O] extends {
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
/** What a handler module exports beyond the spec's operationIds; each must be `never`, so none compiles. */
type WithoutUnknownNames = Record<Exclude<keyof typeof handlers, OperationId>, never>;

/**
 * Every operation of the spec, by operationId, from every module in handlers/ (re-exported by
 * generated/handlers.ts, which `npm run generate` writes). A missing handler is a compile error, and
 * so is an export the spec does not know; app start checks the registry against the bundled spec again.
 */
export const registry: Registry & WithoutUnknownNames = { ...handlers };
