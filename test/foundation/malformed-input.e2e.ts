import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { TEST_ADMIN_TOKEN } from '../support/test-sesame.js';

/**
 * Every registered route, walked with an admin token and malformed input: wrong types per
 * field (taken from the OpenAPI document), huge strings, NUL, deep JSON, arrays and null for
 * objects, invalid UTF-8 in the body and the URL, repeated query parameters, bad path ids, bad
 * cookies and wrong content types. No answer may be a 500 or show an internal error.
 */
describe('every route walked with malformed input', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
  });
  afterAll(() => f?.close());

  interface Probe {
    readonly method: string;
    readonly path: string;
    readonly headers?: Record<string, string>;
    readonly body?: string | Uint8Array<ArrayBuffer>;
    readonly label: string;
  }
  type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[]; oneOf?: Schema[] };

  const UUID = '00000000-0000-4000-8000-000000000000';
  const BAD_IDS = ['not-a-uuid', 'x'.repeat(600), '%00', '%FF%FE%C3%28', `..%2F${UUID}`];
  const BAD_COOKIES = [
    'sesame_session=%FF%FE%00',
    `sesame_session=${'a'.repeat(4000)}`,
    'sesame_session=; sesame_session=x',
    'sesame_csrf=%00; =;;; x',
  ];
  const BAD_QUERIES = [
    'limit=1&limit=2&search=a&search=b&cursor=x&cursor=y&return_to=/a&return_to=/b&allowed_groups=a&allowed_groups=b',
    'limit=%FF&search=%00&cursor=%C3%28&from=%00&to=x&userId=%FF&type[]=x&includeSecrets[x]=1&dryRun=yes&sso=%00',
    `search=${'s'.repeat(6000)}&cursor=${'c'.repeat(3000)}&return_to=${'%2F'.repeat(2000)}`,
    'limit=-1&limit=99999999999999999999&state=%00&code=%FF&error=%00&error_description=%C3%28&key=%00&remember_me=%FF',
  ];
  const DEEP = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
  const DEEP_ARRAY = '['.repeat(20_000) + ']'.repeat(20_000);

  /**
   * Wrong values for a field of this schema: another kind, null, and NUL for a text field or the
   * other container for a list or an object (huge strings come in one document per route).
   */
  function wrongValues(schema: Schema): unknown[] {
    const type = schema.$ref || schema.properties ? 'object' : (schema.type ?? 'string');
    if (type === 'object') return ['x', [], null];
    if (type === 'array') return ['x', { a: { b: [] } }, null];
    return [type === 'string' ? true : 'x', null, type === 'string' ? 'a\u0000b' : ['x', 1]];
  }

  /** Every string in a document made huge. */
  function huge(value: unknown): unknown {
    if (typeof value === 'string') return 'h'.repeat(20_000);
    if (Array.isArray(value)) return value.map(huge);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, huge(v)]));
    return value;
  }

  /** A plausible document for a schema, to vary one field at a time. */
  function sample(schema: Schema, components: Record<string, Schema>, depth = 0): unknown {
    if (schema.$ref) return sample(components[schema.$ref.split('/').pop()!] ?? {}, components, depth + 1);
    if (schema.enum) return schema.enum[0];
    if (schema.oneOf) return sample(schema.oneOf[0]!, components, depth + 1);
    if (schema.properties && depth < 6) {
      return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, sample(v, components, depth + 1)]));
    }
    switch (schema.type) {
      case 'integer':
      case 'number':
        return 1;
      case 'boolean':
        return false;
      case 'array':
        return schema.items ? [sample(schema.items, components, depth + 1)] : [];
      case 'object':
        return {};
      default:
        return 'x';
    }
  }

  function resolve(schema: Schema | undefined, components: Record<string, Schema>): Schema | undefined {
    return schema?.$ref ? components[schema.$ref.split('/').pop()!] : schema;
  }

  /** The JSON bodies for one route: its document with each field (and each nested field) made wrong, then whole-body mistakes. */
  function bodies(schema: Schema | undefined, components: Record<string, Schema>): { label: string; body: string }[] {
    const out: { label: string; body: string }[] = [];
    const root = resolve(schema, components);
    if (root?.properties) {
      const base = sample(root, components) as Record<string, unknown>;
      for (const [field, fieldSchema] of Object.entries(root.properties)) {
        for (const value of wrongValues(fieldSchema))
          out.push({ label: `${field}=${JSON.stringify(value).slice(0, 30)}`, body: JSON.stringify({ ...base, [field]: value }) });
        const nested = resolve(fieldSchema, components);
        if (nested?.properties) {
          const { [field]: _left, ...without } = base;
          out.push({ label: `without ${field}`, body: JSON.stringify(without) });
          const inner = sample(nested, components) as Record<string, unknown>;
          for (const [key, keySchema] of Object.entries(nested.properties)) {
            const value = wrongValues(keySchema)[0];
            out.push({
              label: `${field}.${key}=${JSON.stringify(value)}`,
              body: JSON.stringify({ ...base, [field]: { ...inner, [key]: value } }),
            });
          }
        }
      }
      out.push({ label: 'NUL in a key', body: JSON.stringify({ ...base, 'a\u0000': 1 }) });
      out.push({ label: 'every string huge', body: JSON.stringify(huge(base)) });
    }
    for (const body of [
      'null',
      '[]',
      '"x"',
      '1',
      'true',
      '{}',
      '{"a":',
      '',
      DEEP,
      DEEP_ARRAY,
      `{"x":"${'\\u0000'.repeat(10)}"}`,
      '{"__proto__":{"x":1}}',
    ])
      out.push({ label: `body ${body.slice(0, 12)}`, body });
    return out;
  }

  function probesFor(route: { method: string; url: string }, doc: any): Probe[] {
    const path = route.url.replace(/:([a-zA-Z]+)/g, (_m, name: string) =>
      name === 'slug' ? f.provider.slug : route.url.includes('/providers/') ? f.provider.id : UUID,
    );
    const op = doc.paths[route.url.replace(/:([a-zA-Z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
    const probes: Probe[] = [];
    const json = { 'content-type': 'application/json' };
    if (route.url.includes(':')) {
      for (const bad of BAD_IDS)
        probes.push({ method: route.method, path: route.url.replace(/:[a-zA-Z]+/g, bad), label: `id ${bad.slice(0, 12)}` });
    }
    // Admin routes read no cookies and only GET routes read queries: one of each is enough for the others.
    const few = <T>(list: readonly T[], all: boolean) => (all ? list : list.slice(0, 1));
    const admin = route.url.startsWith('/api/admin');
    for (const query of few(BAD_QUERIES, route.method === 'GET'))
      probes.push({ method: route.method, path: `${path}?${query}`, label: `query ${query.slice(0, 20)}` });
    for (const cookie of few(BAD_COOKIES, !admin))
      probes.push({ method: route.method, path, headers: { cookie }, label: `cookie ${cookie.slice(0, 20)}` });
    if (route.method === 'GET') return probes;
    const schema = op?.requestBody?.content?.['application/json']?.schema as Schema | undefined;
    for (const { label, body } of bodies(schema, doc.components.schemas))
      probes.push({ method: route.method, path, headers: json, body, label });
    const invalidUtf8 = Uint8Array.from(
      Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    );
    probes.push({ method: route.method, path, headers: json, body: invalidUtf8, label: 'invalid UTF-8 JSON' });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const body of few(
      [
        'email=%00&csrf=%FF&return_to=%00&username=%00&password=%00&key=%00&logout_token=%00&remember_me=%00',
        'email=a&email=b&csrf=a&csrf=b&username=a&username=b&password=a&password=b&key=a&key=b&logout_token=a&logout_token=b',
        `email=${'e'.repeat(100_000)}&username=${'u'.repeat(100_000)}&password=${'p'.repeat(100_000)}&logout_token=${'t'.repeat(100_000)}`,
        '%FF%FE=%C3%28&__proto__[x]=1&constructor[prototype][x]=1',
      ],
      !admin,
    ))
      probes.push({ method: route.method, path, headers: form, body, label: `form ${body.slice(0, 20)}` });
    for (const type of few(
      ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/vnd.api+json'],
      !admin,
    ))
      probes.push({ method: route.method, path, headers: { 'content-type': type }, body: '{"name":"x"}', label: `type ${type}` });
    return probes;
  }

  /** Raw bytes on the wire, for what fetch would escape: invalid UTF-8 and NUL in the request line. */
  function raw(port: number, requestLine: string | Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
      socket.on('error', reject);
      socket.write(
        Buffer.concat([
          Buffer.from(requestLine),
          Buffer.from(`\r\nHost: x\r\nAuthorization: Bearer ${TEST_ADMIN_TOKEN}\r\nConnection: close\r\n\r\n`),
        ]),
      );
    });
  }

  it('answers no 500 and shows no stack trace, within a bounded number of requests and time', async () => {
    const started = Date.now();
    const doc = await (await fetch(`${f.sesame.url}/api/docs-json`)).json();
    const routes = f.sesame.sesame.routes
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !r.url.startsWith('/api/docs'))
      // Deletions last, so the other routes still find the provider they were given.
      .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    expect(routes.length).toBeGreaterThan(40);
    const probes = routes.flatMap((route) => probesFor(route, doc));

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const leak =
      /\n\s+at [^\n]+:\d+:\d+|TypeError|RangeError|SyntaxError|ReferenceError|Cannot read propert|is not a function|Maximum call stack/;
    const check = (label: string, status: number, text: string) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 500 || leak.test(text)) failures.push(`${status} ${label}: ${text.slice(0, 200)}`);
    };
    let next = 0;
    const worker = async () => {
      while (next < probes.length) {
        const probe = probes[next++]!;
        const response = await fetch(f.sesame.url + probe.path, {
          method: probe.method,
          redirect: 'manual',
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...probe.headers },
          body: probe.body,
        });
        check(`${probe.method} ${probe.path.slice(0, 80)} [${probe.label}]`, response.status, await response.text());
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));

    const port = Number(new URL(f.sesame.url).port);
    const rawLines = [
      Buffer.concat([Buffer.from('GET /api/admin/users/'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(' HTTP/1.1')]),
      Buffer.concat([Buffer.from('GET /login?return_to='), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from(' HTTP/1.1')]),
      Buffer.concat([Buffer.from('GET /api/admin/groups?search='), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' HTTP/1.1')]),
      'GET /api/admin/users/%ZZ HTTP/1.1',
      'GET /sso/%E0%A4%A/start HTTP/1.1',
    ];
    for (const line of rawLines) {
      const text = await raw(port, line);
      check(`raw ${String(line).slice(0, 40)}`, Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text);
    }

    const total = probes.length + rawLines.length;
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `malformed input: ${total} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n`,
    );
    expect(failures).toEqual([]);
    expect(total).toBeLessThanOrEqual(3_000);
    // 15 to 60 s on an idle machine; 104 s was seen on a busy two-core CI machine running other
    // suites beside it. The request count above is the bound that catches a walk grown too long.
    expect(seconds).toBeLessThan(180);
    // The walk must not have locked itself out: the token still reads.
    expect((await f.sesame.admin('/api/admin/users')).status).toBe(200);
  });
});
