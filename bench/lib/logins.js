// Driving login callbacks: transactions seeded in SQL, the callback hit directly with the browser binding cookie.
import { Agent, request as httpRequest } from 'node:http';
import { dropTransactions, seedTransactions } from './database.js';
import { nthRequest } from './requests.js';

let sequence = 0;

/**
 * A login plan over a block of users ({ from, users, step }) with `count` fresh transactions
 * seeded for it. Call `done()` after the run to delete what was not used.
 */
export async function preparedLogins(db, providerId, block, { count, variant = 0, alternate = false }) {
  const prefix = `b${process.pid}x${sequence++}`;
  await seedTransactions(db, { prefix, count, providerId, from: block.from, users: block.users, step: block.step ?? 1 });
  const plan = { kind: 'login', prefix, from: block.from, users: block.users, step: block.step ?? 1, variant, alternate };
  return { plan, done: () => dropTransactions(db, prefix) };
}

/** Sends the first `count` requests of a plan, `concurrency` at a time; throws unless every one got `expected`. */
export async function drive(base, plan, count, { concurrency = 8, expected = 302 } = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const failures = [];
  const worker = async () => {
    while (next < count) {
      const { path, headers } = nthRequest(plan, next++);
      const { status, body } = await get(agent, `${base}${path}`, headers);
      if (status !== expected) failures.push(`${status} ${path}: ${body.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  if (failures.length > 0) throw new Error(`${failures.length}/${count} requests failed; first: ${failures[0]}`);
}

/** One GET: status, headers (raw pairs too) and body. */
export function get(agent, url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
