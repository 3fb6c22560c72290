import { describe, expect, it } from '@jest/globals';
import { normaliseHost, type AccessRule, type AccessRules } from './access-rules.js';
import { decideAccess as decideWithCache, normalisePath, requestHost, type Person, type AppRequest } from './decide-access.js';

const rule = (fields: Partial<AccessRule> & Pick<AccessRule, 'name' | 'host'>): AccessRule => ({
  pathPrefix: null,
  policy: 'allow',
  groups: [],
  emailDomains: [],
  users: [],
  ...fields,
});

/**
 * Each case decides on its own copy of the rules: decideAccess compiles a rule list once and
 * keeps it, so a shared list would be compiled by the first case only, and a mistake in the
 * compiling could hide from the others.
 */
const decideAccess = (rules: AccessRules, request: AppRequest, person: Person) =>
  decideWithCache({ rules: rules.rules.map((r) => ({ ...r })) }, request, person);

const RULES: AccessRules = {
  rules: [
    rule({ name: 'contractors out of git', host: 'git.example.com', policy: 'deny', emailDomains: ['contractor.io'] }),
    rule({ name: 'git admin', host: 'git.example.com', pathPrefix: '/admin', groups: ['Git-Admins'] }),
    rule({ name: 'git', host: 'git.example.com', groups: ['developers'], users: ['auditor@example.com'] }),
    rule({ name: 'wiki staff', host: 'wiki.example.com', emailDomains: ['example.com'] }),
    rule({ name: 'grafana', host: '*.grafana.example.com', users: ['ops'] }),
    rule({ name: 'closed', host: 'old.example.com', policy: 'deny' }),
  ],
};

const person = (username: string, email: string | null, groups: string[]): Person => ({
  username,
  email,
  groupSet: new Set(groups.map((g) => g.toLowerCase())),
});
const dev = person('ann', 'ann@example.com', ['developers']);
const gitAdmin = person('root', 'root@example.com', ['git-admins', 'developers']);
const contractor = person('cory', 'cory@contractor.io', ['developers']);
const auditor = person('Audit', 'AUDITOR@example.com', []);
const ops = person('OPS', null, []);
const outsider = person('eve', 'eve@elsewhere.org', []);
const PEOPLE = { dev, gitAdmin, contractor, auditor, ops, outsider };

describe('decideAccess', () => {
  it.each([
    // host, uri, person → allowed, deciding rule
    ['git.example.com', '/repo', 'dev', true, 'git'],
    ['GIT.Example.com.', '/repo', 'dev', true, 'git'],
    ['git.example.com:8443', '/repo', 'dev', true, 'git'],
    ['git.example.com', '/repo', 'auditor', true, 'git'],
    ['git.example.com', '/repo', 'contractor', false, 'contractors out of git'],
    ['git.example.com', '/repo', 'outsider', false, 'git'],
    ['git.example.com', '/admin', 'gitAdmin', true, 'git admin'],
    ['git.example.com', '/admin/users?x=1', 'gitAdmin', true, 'git admin'],
    // a developer is not in the admin rule's audience, but the host-wide rule lets them in
    ['git.example.com', '/admin', 'dev', true, 'git'],
    ['git.example.com', '/administrator', 'dev', true, 'git'],
    ['wiki.example.com', '/', 'dev', true, 'wiki staff'],
    ['wiki.example.com', '/', 'contractor', false, 'wiki staff'],
    ['wiki.example.com.evil.io', '/', 'outsider', true, null],
    ['evil-wiki.example.com', '/', 'outsider', true, null],
    ['a.grafana.example.com', '/', 'ops', true, 'grafana'],
    ['a.b.grafana.example.com', '/', 'ops', true, 'grafana'],
    ['a.grafana.example.com', '/', 'dev', false, 'grafana'],
    // the wildcard covers hosts below the domain, not the domain itself
    ['grafana.example.com', '/', 'dev', true, null],
    ['old.example.com', '/', 'gitAdmin', false, 'closed'],
    ['other.example.com', '/', 'outsider', true, null],
    [null, '/', 'dev', false, null],
    ['', '/', 'dev', false, null],
    ['evil.io/x', '/', 'dev', false, null],
    ['.', '/', 'dev', false, null],
  ] as const)('%s %s for %s → allowed %s by %s', (host, uri, who, allowed, decidedBy) => {
    const decision = decideAccess(RULES, { host, uri }, PEOPLE[who]);
    expect(decision).toMatchObject({ allowed, rule: decidedBy });
    if (!decision.allowed) expect(decision.reason).toMatch(/\S/);
  });

  it.each([
    ['/%61dmin', '/admin'],
    ['/Admin', '/admin'],
    ['//admin', '/admin'],
    ['/x/../admin', '/admin'],
    ['/./admin/', '/admin'],
    ['/public/..%2Fadmin', '/admin'],
    ['/..\\admin', '/admin'],
    ['/%zz/admin', '/%zz/admin'],
  ])('a path prefix cannot be stepped around: %s is read as %s', (uri, read) => {
    expect(normalisePath(uri)).toBe(read);
    const guarded: AccessRules = { rules: [rule({ name: 'admin', host: 'app.example.com', pathPrefix: '/admin', groups: ['admins'] })] };
    const expected = read === '/admin' ? false : true;
    expect(decideAccess(guarded, { host: 'app.example.com', uri }, dev).allowed).toBe(expected);
  });

  it.each([
    ['/', false],
    ['/repo', false],
    ['/a/b', false],
  ])('a path prefix of / covers the whole host: %s', (uri, allowed) => {
    const everything: AccessRules = { rules: [rule({ name: 'root', host: 'app.example.com', pathPrefix: '/', groups: ['admins'] })] };
    expect(decideAccess(everything, { host: 'app.example.com', uri }, dev)).toMatchObject({ allowed, rule: 'root' });
  });

  it('a deny rule alone keeps only its audience out', () => {
    const only: AccessRules = {
      rules: [rule({ name: 'no contractors', host: 'app.example.com', policy: 'deny', emailDomains: ['contractor.io'] })],
    };
    expect(decideAccess(only, { host: 'app.example.com', uri: '/' }, outsider)).toEqual({ allowed: true, rule: null });
    expect(decideAccess(only, { host: 'app.example.com', uri: '/' }, contractor).allowed).toBe(false);
  });

  const allApps = rule({ name: 'all apps: staff', host: '*.example.com', emailDomains: ['example.com'] });
  const gitDevelopers = rule({ name: 'git: developers', host: 'git.example.com', groups: ['developers'] });
  const wikiClosed = rule({ name: 'wiki: closed', host: 'wiki.example.com', policy: 'deny' });
  it.each<[string, string, keyof typeof PEOPLE, boolean, string, AccessRule[]]>([
    ['wildcard first', 'git.example.com', 'auditor', true, 'all apps: staff', [allApps, gitDevelopers, wikiClosed]],
    ['wildcard first', 'git.example.com', 'contractor', true, 'git: developers', [allApps, gitDevelopers, wikiClosed]],
    ['wildcard first', 'wiki.example.com', 'dev', true, 'all apps: staff', [allApps, gitDevelopers, wikiClosed]],
    ['wildcard first', 'wiki.example.com', 'outsider', false, 'wiki: closed', [allApps, gitDevelopers, wikiClosed]],
    ['exact host first', 'wiki.example.com', 'dev', false, 'wiki: closed', [wikiClosed, allApps]],
    ['exact host first', 'git.example.com', 'outsider', false, 'all apps: staff', [wikiClosed, allApps]],
  ])(
    "keeps the administrator's order between exact hosts and wildcards (%s): %s for %s → allowed %s by %s",
    (_order, host, who, allowed, decidedBy, rules) => {
      expect(decideAccess({ rules }, { host, uri: '/' }, PEOPLE[who])).toMatchObject({ allowed, rule: decidedBy });
    },
  );

  it('reads a changed rule list afresh, and the same list and person the same way each time', () => {
    const before: AccessRules = { rules: [rule({ name: 'git', host: 'git.example.com', users: ['ann'] })] };
    const after: AccessRules = { rules: [rule({ name: 'git', host: 'git.example.com', users: ['someone-else'] })] };
    for (let i = 0; i < 3; i++) expect(decideWithCache(before, { host: 'git.example.com', uri: '/' }, dev).allowed).toBe(true);
    expect(decideWithCache(after, { host: 'git.example.com', uri: '/' }, dev).allowed).toBe(false);
    expect(decideWithCache(before, { host: 'git.example.com', uri: '/' }, dev).allowed).toBe(true);
  });

  it('no rules: anyone signed in, even without a host', () => {
    expect(decideAccess({ rules: [] }, { host: null, uri: '/' }, outsider)).toEqual({ allowed: true, rule: null });
  });

  it('names the audience in the reason', () => {
    const denied = decideAccess(RULES, { host: 'git.example.com', uri: '/' }, contractor);
    expect(denied).toMatchObject({
      reason: 'The rule "contractors out of git" denies addresses at contractor.io access to git.example.com.',
    });
    const git = decideAccess(RULES, { host: 'git.example.com', uri: '/' }, outsider);
    expect(git).toMatchObject({
      reason: 'git.example.com is open only to members of developers or the users auditor@example.com (rule "git").',
    });
    const wiki = decideAccess(RULES, { host: 'wiki.example.com', uri: '/' }, outsider);
    expect(wiki).toMatchObject({ reason: 'wiki.example.com is open only to addresses at example.com (rule "wiki staff").' });
    const closed = decideAccess(RULES, { host: 'old.example.com', uri: '/' }, outsider);
    expect(closed).toMatchObject({ reason: 'The rule "closed" denies everyone access to old.example.com.' });
    const many: AccessRules = {
      rules: [rule({ name: 'team', host: 'app.example.com', groups: ['a', 'b'], emailDomains: ['x.io', 'y.io'], users: ['u1', 'u2'] })],
    };
    expect(decideAccess(many, { host: 'app.example.com', uri: '/' }, outsider)).toMatchObject({
      reason: 'app.example.com is open only to members of a, b or addresses at x.io, y.io or the users u1, u2 (rule "team").',
    });
  });
});

describe('the quick readings agree with the URL parser', () => {
  it.each([
    'app.example.com',
    'app.example.com:8443',
    'app.example.com:65535',
    'app.example.com:65536',
    'app.example.com:',
    'App.Example.com',
    'app.example.com.',
    'localhost',
    'a-b.c-d.example',
    '-app.example.com',
    'xn--bcher-kva.example',
    'xn--zz.example',
    '127.0.0.1',
    '0x7f.1',
    '1.2.3',
    'app.123',
    'app.0x1f',
    '[::1]:8080',
    'bücher.example',
    'app example.com',
    'app.example.com:80:80',
    '',
  ])('host %j', (host) => {
    expect(requestHost(host)).toBe(normaliseHost(host));
  });

  it.each([
    '/',
    '',
    '/dashboard',
    '/dashboard/',
    '/Dashboard?tab=1',
    '/a/b/c',
    '/a//b',
    '//a',
    '/a/./b',
    '/a/../b',
    '/a.b/c',
    '/%61dmin',
    '/a\\b',
    '/a/b#frag',
    '/ünï/çode',
    '/a;b=c/d:e@f',
    'relative',
    '/admin/',
  ])('path %j', (uri) => {
    expect(normalisePath(uri)).toBe(slowNormalisePath(uri));
  });
});

/** The reading without its quick path, as it was written first. */
function slowNormalisePath(uri: string): string {
  const raw = uri.split(/[?#]/, 1)[0] ?? '';
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // keep the raw path
  }
  const segments: string[] = [];
  for (const segment of decoded.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`.toLowerCase();
}
