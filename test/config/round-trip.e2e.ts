import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestBrowser } from '../support/browser.js';
import { CLIENT_SECRET, startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { startTestSesame, TEST_ADMIN_TOKEN, type TestSesame } from '../support/test-sesame.js';

const PASSPHRASE = 'correct horse battery staple 42';
const BACKDOOR_KEY = 'backdoor-key-0123456789abcdef';

type Json = Record<string, any>;
const json = async (response: Response): Promise<Json> => {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.status}: ${body}`);
  return JSON.parse(body) as Json;
};
const withoutExportedAt = ({ exportedAt, ...document }: Json) => {
  expect(typeof exportedAt).toBe('string');
  return document;
};

/**
 * A configured Sesame (A) is exported, then imported into a second Sesame with its own empty
 * database (B) that takes A's address, so the identity provider's registered callback fits it.
 */
describe('configuration export → import into an empty Sesame → export', () => {
  let f: SsoFixture;
  let b: TestSesame | undefined;
  let plain: Json;
  let sealed: Json;
  let partnerId: string;

  beforeAll(async () => {
    f = await startSsoFixture({ provider: { logoutAtProvider: true, order: 1 } });
    const a = f.sesame;
    const partner = await json(
      await a.admin('/api/admin/providers', {
        method: 'POST',
        body: {
          slug: 'partner',
          displayName: 'Partner',
          kind: 'oidc',
          preset: 'generic',
          issuer: f.idp.issuer,
          clientId: 'partner-client',
          clientSecret: 'partner-secret-5f1e2d',
          authorizeParams: { prompt: 'login' },
          buttonText: 'Partners sign in here',
          enabled: false,
          order: 2,
        },
      }),
    );
    partnerId = partner.id;
    await json(
      await a.admin(`/api/admin/providers/${f.provider.id}/user-mapping`, {
        method: 'PUT',
        body: {
          usernameAttribute: 'preferred_username',
          emailAttribute: 'email',
          firstNameAttribute: 'given_name',
          lastNameAttribute: 'family_name',
          displayNameAttribute: null,
          matchBy: 'email',
          allowUserCreation: true,
          updateProfileOnLogin: false,
          trustEmail: true,
        },
      }),
    );
    await json(
      await a.admin(`/api/admin/providers/${f.provider.id}/group-mapping?createMissing=true`, {
        method: 'PUT',
        body: {
          groupAttribute: 'groups',
          defaultGroups: ['everyone'],
          assignDefaultGroupsTo: 'all',
          mode: 'manual',
          updateExistingUsers: true,
          manual: {
            rules: [
              { localGroup: 'engineering', idpGroups: ['developers'] },
              { localGroup: 'team-$1', idpGroupPattern: '(ad.*)' },
            ],
            requireMappedGroupForCreation: false,
          },
          onTheFly: { createMissingGroups: false, keepExistingGroups: true, excludeGroups: [] },
          allowedGroups: [],
        },
      }),
    );
    const signIn = await json(await a.admin('/api/admin/sign-in-settings'));
    await json(
      await a.admin('/api/admin/sign-in-settings', {
        method: 'PUT',
        body: {
          ...signIn,
          autoRedirect: { enabled: false, providerId: partnerId, delaySeconds: 5 },
          backdoor: { enabled: true, key: BACKDOOR_KEY, allowedGroups: ['everyone'] },
          allowedEmailDomains: ['example.com', 'example.org'],
          session: { idleTimeoutMinutes: 90, absoluteTimeoutHours: 12, rememberMe: { enabled: true, days: 14 } },
        },
      }),
    );
    await json(
      await a.admin('/api/admin/redirect-rules', {
        method: 'PUT',
        body: {
          enabled: true,
          rules: [
            { name: 'Staff', match: { emailDomains: ['example.com'] }, providerId: f.provider.id },
            { name: 'Partners', match: { emailPattern: '.*@partner\\.example' }, providerId: partnerId },
          ],
          defaultProviderId: f.provider.id,
        },
      }),
    );
    await json(
      await a.admin('/api/admin/access-rules', {
        method: 'PUT',
        body: { rules: [{ name: 'Git', host: 'git.example.com', policy: 'allow', groups: ['engineering'] }] },
      }),
    );
    await json(
      await a.admin('/api/admin/look-and-feel', {
        method: 'PUT',
        body: {
          loginButtonText: 'Continue with {{ provider.displayName }}',
          loginTemplate: '<main>{% for p in providers %}<a href="{{ p.startUrl }}">{{ p.buttonText }}</a>{% endfor %}</main>',
          errorTemplate: null,
          logoutTemplate: '<p>Bye {{ user.displayName }}</p>',
          errorMessages: { SSO_DOMAIN_NOT_ALLOWED: 'Use your work account.' },
          postLogoutUrl: '/goodbye',
        },
      }),
    );

    plain = await json(await a.admin('/api/admin/config/export'));
    const withSecrets = await fetch(`${a.url}/api/admin/config/export?includeSecrets=true`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'x-sesame-passphrase': PASSPHRASE },
    });
    sealed = await json(withSecrets);
  });
  afterAll(async () => {
    await b?.close();
    await f?.idp.close();
  });

  it('exports every part, providers and their references by slug, and no secret', () => {
    expect(plain).toMatchObject({ format: 'sesame-config', version: 1 });
    expect(plain.providers.map((p: Json) => p.slug)).toEqual(['idp', 'partner']);
    expect(plain.providers[0]).toMatchObject({
      displayName: 'Test IdP',
      issuer: f.idp.issuer,
      logoutAtProvider: true,
      userMapping: { matchBy: 'email', trustEmail: true, updateProfileOnLogin: false },
      groupMapping: { mode: 'manual', defaultGroups: ['everyone'] },
    });
    expect(plain.providers[1]).toMatchObject({ authorizeParams: { prompt: 'login' }, enabled: false, buttonText: 'Partners sign in here' });
    expect(plain.signInSettings.autoRedirect).toEqual({ enabled: false, providerSlug: 'partner', delaySeconds: 5 });
    expect(plain.signInSettings.backdoor).toEqual({ enabled: true, allowedGroups: ['everyone'] });
    expect(plain.redirectRules).toEqual({
      enabled: true,
      rules: [
        { name: 'Staff', match: { emailDomains: ['example.com'] }, providerSlug: 'idp' },
        { name: 'Partners', match: { emailPattern: '.*@partner\\.example' }, providerSlug: 'partner' },
      ],
      defaultProviderSlug: 'idp',
    });
    expect(plain.lookAndFeel).toMatchObject({
      postLogoutUrl: '/goodbye',
      errorMessages: { SSO_DOMAIN_NOT_ALLOWED: 'Use your work account.' },
    });

    const text = JSON.stringify(plain);
    for (const secret of [CLIENT_SECRET, 'partner-secret-5f1e2d', BACKDOOR_KEY]) expect(text).not.toContain(secret);
    for (const id of [f.provider.id, partnerId]) expect(text).not.toContain(id);
    expect(text).not.toMatch(/"(id|createdAt|updatedAt|secretsSalt|sealedClientSecret)"/);
  });

  it('with includeSecrets, seals each secret with the passphrase and shows none of them', () => {
    const text = JSON.stringify(sealed);
    for (const secret of [CLIENT_SECRET, 'partner-secret-5f1e2d', BACKDOOR_KEY, PASSPHRASE]) expect(text).not.toContain(secret);
    expect(sealed.secretsSalt).toMatch(/^[A-Za-z0-9+/]{20,}={0,2}$/);
    expect(sealed.providers.map((p: Json) => p.sealedClientSecret)).toEqual([
      expect.stringMatching(/^v1\./),
      expect.stringMatching(/^v1\./),
    ]);
    expect(sealed.signInSettings.backdoor.sealedKey).toMatch(/^v1\./);
  });

  it('imports into an empty Sesame (dry run first), which then exports the same document and signs users in', async () => {
    const port = new URL(f.url).port;
    await f.sesame.close();
    b = await startTestSesame({ env: { PORT: port, PUBLIC_URL: f.url } });
    const importInto = (query: string, document: Json) =>
      fetch(`${b!.url}/api/admin/config/import${query}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          'content-type': 'application/json',
          'x-sesame-passphrase': PASSPHRASE,
        },
        body: JSON.stringify(document),
      });

    const dryRun = await json(await importInto('?dryRun=true', sealed));
    expect(dryRun).toEqual({
      dryRun: true,
      providers: [
        { slug: 'idp', change: 'created', changed: [] },
        { slug: 'partner', change: 'created', changed: [] },
      ],
      settings: {
        signInSettings: {
          change: 'updated',
          changed: expect.arrayContaining(['allowedEmailDomains', 'autoRedirect.providerSlug', 'backdoor.key']),
        },
        redirectRules: { change: 'updated', changed: ['defaultProviderSlug', 'enabled', 'rules'] },
        lookAndFeel: { change: 'updated', changed: expect.arrayContaining(['loginTemplate', 'postLogoutUrl']) },
        accessRules: { change: 'updated', changed: ['rules'] },
      },
    });
    expect(await json(await b.admin('/api/admin/providers'))).toEqual([]);

    const applied = await json(await importInto('', sealed));
    expect(applied).toMatchObject({ dryRun: false, providers: dryRun.providers, settings: dryRun.settings });
    expect(withoutExportedAt(await json(await b.admin('/api/admin/config/export')))).toEqual(withoutExportedAt(plain));

    // The sealed client secret survived: a real login through the imported provider, with the imported mapping
    // (manual mapping adds existing local groups only; groups are directory data, not configuration).
    for (const name of ['engineering', 'team-admins']) await json(await b.admin('/api/admin/groups', { method: 'POST', body: { name } }));
    const browser = new TestBrowser();
    const login = await f.login(browser, 'alice');
    expect(login.status).toBe(302);
    const me = await json(await browser.get(`${f.url}/api/me`));
    expect(me).toMatchObject({ username: 'alice' });
    expect([...me.groups].sort()).toEqual(['engineering', 'everyone', 'team-admins']);
    // …and so did the backdoor key.
    const [stored] = await b.db.query<{ value: Json }>(`SELECT value FROM settings WHERE key = 'sign-in'`);
    expect(stored!.value.backdoor.key).toBe(BACKDOOR_KEY);

    const again = await json(await importInto('', sealed));
    expect(again.providers.map((p: Json) => p.change)).toEqual(['unchanged', 'unchanged']);
    expect(Object.values(again.settings).map((s: any) => s.change)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('records the import as an admin change without secrets, and never logs the passphrase', async () => {
    const events = await b!.db.query<{ actor: string; details: Json; raw: string }>(
      `SELECT actor, details, details::text AS raw FROM audit_events WHERE type = 'admin_change' AND details->>'entity' = 'configuration' ORDER BY id`,
    );
    expect(events).toHaveLength(2);
    expect(events[0]!.actor).toMatch(/^api-token:SESAME_ADMIN_TOKEN \(/);
    expect(events[0]!.details).toMatchObject({
      action: 'update',
      entityId: 'import',
      after: { dryRun: false, providers: [{ slug: 'idp', change: 'created' }, { slug: 'partner' }] },
    });
    const everything = [f.sesame.logText(), b!.logText(), ...events.map((e) => e.raw)].join('\n');
    for (const secret of [PASSPHRASE, CLIENT_SECRET, 'partner-secret-5f1e2d', BACKDOOR_KEY]) expect(everything).not.toContain(secret);
  });
});
