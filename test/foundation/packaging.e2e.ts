import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

/** What an operator installs and redistributes: the Node versions it needs and its licences. */
const root = process.cwd();
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { license: string; engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { engines?: unknown; dev?: boolean; license?: string }>;
};

// semver is in node_modules through npm's own dependents; it ships no types.
const semver = createRequire(import.meta.url)('semver') as {
  validRange(range: string): string | null;
  subset(sub: string, sup: string): boolean;
  satisfies(version: string, range: string): boolean;
};

describe('Node.js versions', () => {
  it('package.json names a valid range that includes the Node.js running the tests', () => {
    expect(semver.validRange(pkg.engines.node)).not.toBeNull();
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });

  it('no installed package refuses a Node.js version that package.json accepts', () => {
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const wanted = (entry.engines as { node?: unknown } | undefined)?.node;
      if (!path || typeof wanted !== 'string') continue;
      // A range npm cannot read is not enforced by npm either; only real ranges count.
      if (semver.validRange(wanted) && !semver.subset(pkg.engines.node, wanted)) {
        refusing.push(`${path} wants node ${wanted}`);
      }
    }
    expect(refusing).toEqual([]);
  });
});

describe('licence', () => {
  it('Sesame is Apache-2.0: the field and the unmodified licence text', () => {
    expect(pkg.license).toBe('Apache-2.0');
    // The SHA-256 of https://www.apache.org/licenses/LICENSE-2.0.txt, byte for byte.
    const digest = createHash('sha256')
      .update(readFileSync(join(root, 'LICENSE')))
      .digest('hex');
    expect(digest).toBe('cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30');
  });

  it('NOTICE reproduces the NOTICE of every production dependency that ships one', () => {
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    const notice = words(read('NOTICE'));
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path || entry.dev || !existsSync(join(root, path))) continue;
      for (const file of readdirSync(join(root, path)).filter((name) => /^notice/i.test(name))) {
        if (!notice.includes(words(readFileSync(join(root, path, file), 'utf8')))) missing.push(`${path}/${file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('the container image, which redistributes the dependencies, carries LICENSE and NOTICE', () => {
    expect(read('Dockerfile')).toMatch(/^COPY LICENSE NOTICE \.\/$/m);
  });
});
