import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { validatorWithAuthentication } from '../../server/http/validator';

/**
 * The validator compiles each schema with only the components it reaches (server/http/validator.ts):
 * references through several components, in requests and in responses, are still enforced.
 */
const spec = {
  openapi: '3.1.0',
  info: { title: 'validator', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'makeThing',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } } },
        responses: {
          '200': { description: 'made', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '400': { $ref: '#/components/responses/Problem' },
        },
      },
    },
  },
  components: {
    schemas: {
      Owner: { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } },
      NewThing: { type: 'object', required: ['owner'], properties: { owner: { $ref: '#/components/schemas/Owner' }, answer: { type: 'string' } } },
      Thing: { type: 'object', required: ['id', 'owner'], properties: { id: { type: 'string' }, owner: { $ref: '#/components/schemas/Owner' } } },
      Unrelated: { type: 'object', properties: { never: { $ref: '#/components/schemas/Owner' } } },
    },
    responses: { Problem: { description: 'bad', content: { 'application/json': { schema: { type: 'object' } } } } },
  },
};

let url: string;
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.use(validatorWithAuthentication(spec, true, (_req, _res, next) => next()));
  // Answers with the body's `answer`: a valid Thing, or one whose owner has no email.
  app.post('/things', (req, res) => {
    res.json(req.body.answer === 'bad' ? { id: '1', owner: {} } : { id: '1', owner: req.body.owner });
  });
  const report: ErrorRequestHandler = (error, _req, res, _next) => res.status(error.status ?? 500).json({ message: String(error.message) });
  app.use(report);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const post = async (body: unknown) => {
  const response = await fetch(`${url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { message?: string } };
};

describe('the request and response validator', () => {
  it('lets a valid request and a valid response through', async () => {
    expect(await post({ owner: { email: 'a@example.com' } })).toEqual({ status: 200, body: { id: '1', owner: { email: 'a@example.com' } } });
  });

  it('refuses a request that breaks a component reached through another one', async () => {
    const answer = await post({ owner: { email: 'not an email' } });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/owner\/email/);
    expect((await post({ owner: {} })).status).toBe(400);
  });

  it('refuses a response that breaks a component reached through another one', async () => {
    const answer = await post({ owner: { email: 'a@example.com' }, answer: 'bad' });
    expect(answer.status).toBe(500);
    expect(answer.body.message).toMatch(/email/);
  });
});
