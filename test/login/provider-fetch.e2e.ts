import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { MAX_PROVIDER_RESPONSE_BYTES, providerFetch } from '../../src/modules/provider/application/provider-fetch.js';

/** What Sesame's fetch for provider calls promises openid-client, against a real HTTP server. */
describe('the fetch used for provider calls', () => {
  let server: Server;
  let base: string;
  const answered = new WeakSet<Socket>();
  const routes: Record<string, (request: IncomingMessage, response: ServerResponse, body: string) => void> = {
    '/form': (request, response, body) =>
      response.end(JSON.stringify({ contentType: request.headers['content-type'], body, length: request.headers['content-length'] })),
    '/moved': (_request, response) => response.writeHead(302, { location: '/elsewhere' }).end(),
    '/empty': (_request, response) => response.writeHead(204).end(),
    '/never': () => undefined,
    '/huge': (_request, response) => {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const write = (left: number): void => {
        if (left <= 0) return void response.end();
        if (response.write(chunk)) write(left - chunk.length);
        else response.once('drain', () => write(left - chunk.length));
      };
      write(MAX_PROVIDER_RESPONSE_BYTES + chunk.length * 2);
    },
    // Answers once per connection, then drops the connection on its next request: a provider
    // that closed a kept-alive connection just as Sesame reused it.
    '/once-per-connection': (request, response) => {
      if (answered.has(request.socket)) return void request.socket.destroy();
      answered.add(request.socket);
      response.end('ok');
    },
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => routes[new URL(request.url ?? '/', 'http://x').pathname]?.(request, response, body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends form parameters with their content type and length', async () => {
    const response = await providerFetch(`${base}/form`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'a b' }),
    });
    expect(await response.json()).toEqual({
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'grant_type=authorization_code&code=a+b',
      length: '38',
    });
  });

  it("reads a JSON answer as fetch's Response does: once, and refusing what is not JSON", async () => {
    const ok = await providerFetch(`${base}/form`, { method: 'POST', body: new URLSearchParams({ a: '1' }) });
    expect(ok).toBeInstanceOf(Response);
    expect(await ok.json()).toEqual({ contentType: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'a=1', length: '3' });
    expect(ok.bodyUsed).toBe(true);
    // Compared by name: undici's errors come from Node's own realm, not the test's.
    await expect(ok.json()).rejects.toMatchObject({ name: 'TypeError', message: expect.stringMatching(/already been read/) });
    const notJson = await providerFetch(`${base}/once-per-connection`);
    await expect(notJson.clone().json()).rejects.toMatchObject({ name: 'SyntaxError' });
    await expect(notJson.json()).rejects.toMatchObject({ name: 'SyntaxError' });
  });

  it('hands a redirect back instead of following it', async () => {
    const response = await providerFetch(`${base}/moved`);
    expect({ status: response.status, location: response.headers.get('location') }).toEqual({ status: 302, location: '/elsewhere' });
  });

  it('answers 204 with no body', async () => {
    const response = await providerFetch(`${base}/empty`);
    expect({ status: response.status, body: await response.text() }).toEqual({ status: 204, body: '' });
  });

  it("rejects with the signal's reason when it times out, as fetch does", async () => {
    const started = Date.now();
    await expect(providerFetch(`${base}/never`, { signal: AbortSignal.timeout(200) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses an answer larger than any provider document needs', async () => {
    await expect(providerFetch(`${base}/huge`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });

  it('fails as fetch does when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    await expect(providerFetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it('sends a request again on a new connection when a kept-alive one was closed under it', async () => {
    const first = await providerFetch(`${base}/once-per-connection`);
    expect(await first.text()).toBe('ok');
    const second = await providerFetch(`${base}/once-per-connection`);
    expect(await second.text()).toBe('ok');
  });
});
