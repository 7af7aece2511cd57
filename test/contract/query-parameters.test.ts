import http from 'node:http';
import { loadSpec } from '../../server/http/spec';
import { tenantWithUser } from '../support/fixtures';
import { accountWithMembers } from '../support/roles';
import { useTestServer } from '../support/server';

/**
 * Query values are read as clients send them. curl and many HTTP clients leave reserved characters
 * (`@`, `,`, `:`, `!`, `$`, `'`, `(`, `)`, `*`, `;`, `=`, `/`, `?`) unencoded, and Frontegg accepts them:
 * every query parameter of the spec says `allowReserved: true`, which the validator honours.
 */
const server = useTestServer();

interface Parameter {
  name?: string;
  in?: string;
  allowReserved?: boolean;
  $ref?: string;
}

const spec = loadSpec() as unknown as {
  paths: Record<string, Record<string, { parameters?: Parameter[] } | Parameter[]>>;
  components: { parameters?: Record<string, Parameter> };
};

/** A parameter, its `$ref` to `#/components/parameters/...` followed. */
function resolved(parameter: Parameter): Parameter {
  const name = parameter.$ref?.replace('#/components/parameters/', '');
  return name ? (spec.components.parameters?.[name] ?? parameter) : parameter;
}

/** GET with the path and query exactly as given: no client-side encoding. */
function rawGet(path: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

describe('query parameters', () => {
  it('every query parameter of the spec allows reserved characters', () => {
    const offenders: string[] = [];
    for (const [route, item] of Object.entries(spec.paths)) {
      const pathLevel = Array.isArray(item.parameters) ? item.parameters : [];
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters' || Array.isArray(operation)) continue;
        for (const parameter of [...pathLevel, ...(operation.parameters ?? [])].map(resolved)) {
          if (parameter.in === 'query' && parameter.allowReserved !== true) offenders.push(`${method.toUpperCase()} ${route} ?${parameter.name}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('takes an email with its @ unencoded, and a filter full of reserved characters', async () => {
    const { user, vendorToken } = await tenantWithUser(server);
    const byEmail = await rawGet(`/identity/resources/users/v1/email?email=${user.email}`, vendorToken);
    expect(byEmail.status).toBe(200);
    expect(JSON.parse(byEmail.body)).toMatchObject({ id: user.id, email: user.email });
    const filtered = await rawGet(`/identity/resources/users/v3?_filter=a:b@c!$'()*;=/?,d`, vendorToken);
    expect(filtered.status).toBe(200);
    expect(JSON.parse(filtered.body)).toMatchObject({ items: [] });
  });

  it('takes a comma-separated list with bare commas, whatever its values hold', async () => {
    const { reader, readerUser, adminUser } = await accountWithMembers(server);
    const listed = await rawGet(`/identity/resources/users/v3/roles?ids=${readerUser.id},not:a@user!,${adminUser.id}`, reader.accessToken);
    expect(listed.status).toBe(200);
    expect((JSON.parse(listed.body) as { userId: string }[]).map((entry) => entry.userId)).toEqual([readerUser.id, adminUser.id]);
  });
});
