/**
 * Domain errors: what went wrong, in words a caller may read, with a stable machine code.
 * Services throw these; `http/errors.ts` alone turns them into HTTP answers (the kind picks the status).
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'internal'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Makes one error of the catalogue; its arguments fill in the message. */
export type ErrorFactory = (...args: never[]) => DomainError;

/**
 * The codes a feature's module may use, written with `x` for the free digits: `ER-031xx` is
 * ER-03100 to ER-03199. Ranges of different modules never overlap (the catalogue test checks).
 */
export type CodeRange = `ER-${string}x`;

/** One feature's errors: its code range, its error factories, and the codes it has retired. */
export interface ErrorModule<Factories extends Record<string, ErrorFactory>> {
  range: CodeRange;
  errors: Factories;
  /** Codes that shipped and are no longer answered, with what they meant: never given a new meaning. */
  retired: Readonly<Record<string, string>>;
}

/**
 * Declares a feature's module of the catalogue (a file under `errors/catalogue/`, which
 * `npm run generate` assembles into `errors`). A code never changes meaning once it has shipped: a
 * new error takes the next free code of its module's range, and a removed one moves to `retired`.
 */
export function defineErrors<const Factories extends Record<string, ErrorFactory>>(
  range: CodeRange,
  errors: Factories,
  retired: Readonly<Record<string, string>> = {},
): ErrorModule<Factories> {
  return { range, errors, retired };
}

/**
 * Stands for every argument of a factory, whatever the factory uses it as (a string, a number, an
 * array it joins or slices, a value it turns to JSON): the message shows `{}` in its place.
 */
const placeholder: unknown = new Proxy(() => undefined, {
  get: (_target, key) => (key === Symbol.toPrimitive || key === 'toJSON' ? () => '{}' : () => placeholder),
});

/** The code, kind and message template (`{}` for each argument) of a factory of the catalogue. */
export function describeError(factory: ErrorFactory): { code: string; kind: ErrorKind; template: string } {
  const error = (factory as (...args: unknown[]) => DomainError)(...Array.from({ length: factory.length }, () => placeholder));
  return { code: error.code, kind: error.kind, template: error.message };
}
