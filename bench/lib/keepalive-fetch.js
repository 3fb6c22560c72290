// A fetch for openid-client's customFetch over node:http(s) with keep-alive agents: the bench's
// experiment for the note that Node's fetch costs ~450 µs of CPU per call against ~170 µs.
import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export function keepAliveFetch(url, options = {}) {
  const target = new URL(url);
  const headers = {};
  new Headers(options.headers).forEach((value, name) => {
    headers[name] = value;
  });
  const body = options.body === undefined || options.body === null ? undefined : String(options.body);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? https : http).request(
      target,
      { method: options.method ?? 'GET', headers, agent: agents[target.protocol], signal: options.signal },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const responseHeaders = new Headers();
          for (let i = 0; i < response.rawHeaders.length; i += 2)
            responseHeaders.append(response.rawHeaders[i], response.rawHeaders[i + 1]);
          const empty = response.statusCode === 204 || response.statusCode === 304;
          resolve(
            new Response(empty ? null : Buffer.concat(chunks), {
              status: response.statusCode,
              statusText: response.statusMessage,
              headers: responseHeaders,
            }),
          );
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
