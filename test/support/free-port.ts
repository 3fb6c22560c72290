import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';

/**
 * A port nobody listens on now, so a callback URL can be registered before the server starts.
 *
 * The port comes from below the kernel's ephemeral range: a port picked there could be handed
 * again by the kernel to the next `listen(0)` (another fixture starting at the same moment) in
 * the gap before our server binds it. Ports handed out by this process are never handed twice.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = RANGE.low + Math.floor(Math.random() * (RANGE.high - RANGE.low));
    if (handedOut.has(port)) continue;
    if (await isFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${RANGE.low} and ${RANGE.high}`);
}

const handedOut = new Set<number>();

const RANGE = belowEphemeralRange();

function belowEphemeralRange(): { low: number; high: number } {
  let ephemeralLow = 32768;
  try {
    ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || ephemeralLow;
  } catch {
    // Not Linux: keep the common default.
  }
  return { low: Math.max(10000, ephemeralLow - 12000), high: ephemeralLow };
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
