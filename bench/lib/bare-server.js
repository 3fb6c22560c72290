// The baseline: a bare node:http server answering 200 with no body, in its own process like Sesame.
import { createServer } from 'node:http';
import { ready, serve } from './ipc.js';

const server = createServer((request, response) => {
  response.writeHead(200, { 'content-length': '0' });
  response.end();
});
server.keepAliveTimeout = 65_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
// The same commands as a Sesame child, doing nothing: the harness treats both alike.
serve({
  mark: () => undefined,
  countQueries: () => undefined,
  queries: () => ({ total: 0, byStatement: {} }),
  stop: () => setImmediate(() => server.close(() => process.exit(0))),
});
ready({ url: `http://127.0.0.1:${server.address().port}` });
