import type { Request, Response } from 'express';
import pino from 'pino';
import { errorHandler, toHttpError, type ErrorBody } from '../../server/http/errors';
import { errors } from '../../server/services/errors';

/** What the error handler answered. */
function answer(error: unknown, options: { operationId?: string; listed?: Map<string, Set<string>> } = {}): { status: number; body: ErrorBody } {
  const req = {
    method: 'GET',
    path: '/x',
    ...(options.operationId ? { openapi: { schema: { operationId: options.operationId } } } : {}),
  } as unknown as Request;
  const sent: { status: number; body?: ErrorBody } = { status: 0 };
  const res = {
    headersSent: false,
    getHeader: () => undefined,
    status(status: number) {
      sent.status = status;
      return this;
    },
    json(body: ErrorBody) {
      sent.body = body;
      return this;
    },
  } as unknown as Response;
  errorHandler(pino({ level: 'silent' }), options.listed)(error, req, res, () => undefined);
  return { status: sent.status, body: sent.body! };
}

describe('toHttpError', () => {
  it('answers a domain error with the one status of its kind', () => {
    expect(toHttpError(errors.userNotFound())).toEqual({ status: 404, body: { errors: ['User not found'], errorCode: 'ER-02003' } });
    expect(toHttpError(errors.payloadTooLarge())?.status).toBe(413);
  });

  it("gives each refusal of the validator and the body parser its own code, with that code's status", () => {
    const cases: [number, string, number][] = [
      [400, 'ER-00001', 400],
      [404, 'ER-00002', 404],
      [405, 'ER-00003', 405],
      [413, 'ER-00007', 413],
      [415, 'ER-00004', 415],
      [406, 'ER-00001', 400],
    ];
    for (const [status, code, answered] of cases) {
      expect([status, toHttpError({ status, message: 'refused' })?.body.errorCode, toHttpError({ status, message: 'refused' })?.status]).toEqual([
        status,
        code,
        answered,
      ]);
    }
    const invalid = toHttpError({
      status: 400,
      errors: [
        { path: '/body/email', message: 'must match format "email"' },
        { path: '/body', message: "must have required property 'password'" },
      ],
    });
    expect(invalid?.body).toEqual({
      errors: ['request/body/email must match format "email"', "request/body must have required property 'password'"],
      errorCode: 'ER-00001',
    });
    expect(toHttpError(Object.assign(new SyntaxError('Unexpected end'), { body: '{' }))?.body).toEqual({
      errors: ['Invalid input json'],
      errorCode: 'ER-00006',
    });
  });

  it('knows nothing of other errors (the handler answers them 500)', () => {
    expect(toHttpError(new Error('boom'))).toBeUndefined();
    expect(answer(new Error('boom'))).toEqual({ status: 500, body: { errors: ['Internal server error'], errorCode: 'ER-00500' } });
  });
});

describe("errorHandler with the spec's x-nestegg-errors", () => {
  const listed = new Map([['getVendorOnlyUser', new Set(['ER-01000', 'ER-02003'])]]);

  it('answers a code the operation lists, and those any request may get, as they are', () => {
    expect(answer(errors.userNotFound(), { operationId: 'getVendorOnlyUser', listed }).status).toBe(404);
    expect(answer(errors.invalidJson(), { operationId: 'getVendorOnlyUser', listed }).status).toBe(400);
    expect(answer(errors.tenantNotFound(), { listed }).status).toBe(404);
  });

  it('answers 500 (ER-00501) for a code the operation does not list, naming both', () => {
    expect(answer(errors.tenantNotFound(), { operationId: 'getVendorOnlyUser', listed })).toEqual({
      status: 500,
      body: { errors: [expect.stringMatching(/^getVendorOnlyUser answered ER-02001, which its x-nestegg-errors/)], errorCode: 'ER-00501' },
    });
  });

  it('checks nothing without the lists (production)', () => {
    expect(answer(errors.tenantNotFound(), { operationId: 'getVendorOnlyUser' }).status).toBe(404);
  });
});
