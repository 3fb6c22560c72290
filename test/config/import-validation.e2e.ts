import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startDemoIdentityProvider, DEMO_USERS, type DemoIdentityProvider } from '../../src/modules/demo/index.js';
import { freePort } from '../support/free-port.js';
import { startTestSesame, TEST_ADMIN_TOKEN, type TestSesame } from '../support/test-sesame.js';

type Json = Record<string, any>;

/** Imports that must be refused as a whole, with every problem named, and dry runs that must write nothing. */
describe('configuration import: validation, all or nothing, dry run', () => {
  let sesame: TestSesame;
  let idp: DemoIdentityProvider;
  let unreachable: string;

  beforeAll(async () => {
    idp = await startDemoIdentityProvider({
      users: DEMO_USERS,
      clients: [{ clientId: 'c', clientSecret: 's', redirectUris: ['http://127.0.0.1/cb'] }],
    });
    unreachable = `http://127.0.0.1:${await freePort()}`;
    sesame = await startTestSesame();
  });
  afterAll(async () => {
    await sesame?.close();
    await idp?.close();
  });

  const provider = (slug: string, extra: Json = {}): Json => ({
    slug,
    displayName: slug.toUpperCase(),
    kind: 'oidc',
    preset: 'generic',
    issuer: idp.issuer,
    clientId: `${slug}-client`,
    ...extra,
  });
  const document = (extra: Json): Json => ({ format: 'sesame-config', version: 1, providers: [], ...extra });
  const post = (body: unknown, query = '', headers: Record<string, string> = {}) =>
    fetch(`${sesame.url}/api/admin/config/import${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const refused = async (response: Response): Promise<Json> => {
    const body = (await response.json()) as Json;
    expect({ status: response.status, code: body.code }).toEqual({ status: 422, code: 'UNPROCESSABLE' });
    return body;
  };
  const fields = (body: Json) => (body.errors as { field: string }[]).map((e) => e.field);
  const state = async () => ({
    providers: await (await sesame.admin('/api/admin/providers')).json(),
    signIn: await (await sesame.admin('/api/admin/sign-in-settings')).json(),
    rules: await (await sesame.admin('/api/admin/redirect-rules')).json(),
    lookAndFeel: await (await sesame.admin('/api/admin/look-and-feel')).json(),
    importEvents: await sesame.db.query(`SELECT id FROM audit_events WHERE details->>'entity' = 'configuration'`),
  });

  it('lists every problem of the document with its path, and applies nothing (the valid first provider is not created)', async () => {
    const before = await state();
    const signIn = structuredClone({ ...before.signIn, autoRedirect: { enabled: false, providerSlug: null, delaySeconds: 0 } }) as Json;
    delete signIn.backdoor.key;
    const body = await refused(
      await post(
        document({
          extras: true,
          providers: [
            provider('first', {
              userMapping: {
                usernameAttribute: 'sub',
                emailAttribute: 'email',
                firstNameAttribute: 'a',
                lastNameAttribute: 'b',
                matchBy: 'phone',
                allowUserCreation: true,
                updateProfileOnLogin: true,
                trustEmail: false,
              },
            }),
            provider('Second!', { issuer: undefined, clientId: '' }),
            provider('third', { issuer: unreachable }),
            provider('fourth', {
              groupMapping: {
                groupAttribute: 'groups',
                defaultGroups: [],
                assignDefaultGroupsTo: 'new',
                mode: 'manual',
                updateExistingUsers: true,
                manual: { rules: [{ localGroup: 'x-$2', idpGroupPattern: '(a' }], requireMappedGroupForCreation: false },
                onTheFly: { createMissingGroups: false, keepExistingGroups: true, excludeGroups: [] },
                allowedGroups: [],
              },
            }),
            provider('first', { displayName: 'Again' }),
          ],
          signInSettings: {
            ...signIn,
            allowedEmailDomains: ['@example.com'],
            apiAccess: { allowedCidrs: ['not-a-network'] },
            session: { ...signIn.session, idleTimeoutMinutes: 0 },
          },
          redirectRules: {
            enabled: true,
            rules: [{ name: 'Ghosts', match: { emailDomains: ['example.com'] }, providerSlug: 'ghost' }],
            defaultProviderSlug: 'first',
          },
          lookAndFeel: { ...before.lookAndFeel, loginTemplate: '<p>{% if %}</p>' },
        }),
      ),
    );
    expect(fields(body)).toEqual([
      'extras',
      'providers[4].slug',
      'providers[0].userMapping.matchBy',
      'providers[1].slug',
      'providers[1].clientId',
      'providers[2].issuer',
      'providers[3].groupMapping.manual.rules[0].idpGroupPattern',
      'signInSettings.allowedEmailDomains[0]',
      'signInSettings.apiAccess.allowedCidrs',
      'signInSettings.session.idleTimeoutMinutes',
      'redirectRules.rules[0].providerSlug',
      'lookAndFeel.loginTemplate',
    ]);
    const third = body.errors.find((e: Json) => e.field === 'providers[2].issuer');
    expect(third.reason).toContain('Could not read the discovery document');
    expect(body.message).toContain('nothing was changed');
    expect(await state()).toEqual(before);
  });

  it('refuses a document that is not a sesame-config document of a version it reads', async () => {
    expect(fields(await refused(await post([1, 2])))).toEqual(['']);
    expect(fields(await refused(await post({ format: 'other', version: 1 })))).toEqual(['format']);
    expect(fields(await refused(await post({ format: 'sesame-config', version: 2 })))).toEqual(['version']);
  });

  it('refuses settings that would lock every administrator out', async () => {
    const signIn = (await (await sesame.admin('/api/admin/sign-in-settings')).json()) as Json;
    const body = await refused(
      await post(
        document({
          signInSettings: { ...signIn, ssoEnabled: false, autoRedirect: { enabled: false, providerSlug: null, delaySeconds: 0 } },
        }),
      ),
    );
    expect(body.errors).toEqual([{ field: 'signInSettings', reason: expect.stringContaining('Turning SSO off') }]);
  });

  it('dry run reports created, updated and unchanged and writes nothing; providers not in the document are left alone', async () => {
    for (const slug of ['kept', 'other']) {
      const created = await sesame.admin('/api/admin/providers', {
        method: 'POST',
        body: provider(slug, { clientSecret: `${slug}-secret-1234` }),
      });
      expect(created.status).toBe(201);
    }
    const exported = (await (await sesame.admin('/api/admin/config/export')).json()) as Json;
    const kept = exported.providers.find((p: Json) => p.slug === 'kept');
    const other = exported.providers.find((p: Json) => p.slug === 'other');
    const changed = document({
      providers: [
        kept,
        {
          ...other,
          displayName: 'Other, renamed',
          clientSecret: 'a-new-secret-5678',
          groupMapping: { ...other.groupMapping, defaultGroups: ['staff'] },
        },
        provider('newcomer'),
      ],
      lookAndFeel: exported.lookAndFeel,
    });
    const before = await state();
    const response = await post(changed, '?dryRun=true');
    expect(response.status).toBe(200);
    const report = (await response.json()) as Json;
    expect(report).toEqual({
      dryRun: true,
      providers: [
        { slug: 'kept', change: 'unchanged', changed: [] },
        { slug: 'other', change: 'updated', changed: ['clientSecret', 'displayName', 'groupMapping.defaultGroups'] },
        { slug: 'newcomer', change: 'created', changed: [] },
      ],
      settings: { lookAndFeel: { change: 'unchanged', changed: [] } },
    });
    expect(JSON.stringify(report)).not.toContain('a-new-secret-5678');
    expect(await state()).toEqual(before);

    const applied = (await (await post(changed)).json()) as Json;
    expect(applied.providers).toEqual(report.providers);
    const after = (await (await sesame.admin('/api/admin/providers')).json()) as Json[];
    expect(after.map((p) => [p.slug, p.displayName]).sort()).toEqual([
      ['kept', 'KEPT'],
      ['newcomer', 'NEWCOMER'],
      ['other', 'Other, renamed'],
    ]);
    // Leaving a provider out of a document does not delete it, and leaving out a secret keeps it.
    const partial = await post(document({ providers: [{ ...kept, displayName: 'Kept, renamed' }] }));
    expect(partial.status).toBe(200);
    const final = (await (await sesame.admin('/api/admin/providers')).json()) as Json[];
    expect(final.map((p) => [p.slug, p.displayName, p.hasClientSecret]).sort()).toEqual([
      ['kept', 'Kept, renamed', true],
      ['newcomer', 'NEWCOMER', false],
      ['other', 'Other, renamed', true],
    ]);
  });

  it('asks for the passphrase in a header only, and refuses one that does not open the secrets', async () => {
    const exportWith = (headers: Record<string, string>, query = '?includeSecrets=true') =>
      fetch(`${sesame.url}/api/admin/config/export${query}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...headers } });
    expect((await exportWith({})).status).toBe(400);
    expect((await exportWith({ 'x-sesame-passphrase': 'too short' })).status).toBe(400);
    expect((await exportWith({}, '?includeSecrets=true&passphrase=a-long-enough-passphrase')).status).toBe(400);

    const sealed = (await (await exportWith({ 'x-sesame-passphrase': 'the right passphrase' })).json()) as Json;
    expect(sealed.providers.find((p: Json) => p.slug === 'kept').sealedClientSecret).toMatch(/^v1\./);
    expect(fields(await refused(await post(sealed)))).toEqual(['X-Sesame-Passphrase']);
    const wrong = await refused(await post(sealed, '', { 'x-sesame-passphrase': 'not the right passphrase' }));
    expect(fields(wrong)).toEqual(['providers[0].sealedClientSecret', 'providers[2].sealedClientSecret']);

    // A sealed secret is bound to its provider: moved to another one, it does not open.
    const [first, , third] = sealed.providers as Json[];
    const swapped = { ...sealed, providers: [{ ...first, sealedClientSecret: third!.sealedClientSecret }] };
    expect(fields(await refused(await post(swapped, '', { 'x-sesame-passphrase': 'the right passphrase' })))).toEqual([
      'providers[0].sealedClientSecret',
    ]);
    expect(sesame.logText()).not.toContain('the right passphrase');
    expect(sesame.logText()).not.toContain('not the right passphrase');
  });
  it('applies in one transaction: a write that fails half-way leaves nothing behind', async () => {
    // The database itself refuses the second provider, after the first one was written.
    await sesame.db.query(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await sesame.db.query(
      `CREATE TRIGGER refuse_boom BEFORE INSERT ON providers FOR EACH ROW WHEN (NEW.slug = 'boom') EXECUTE FUNCTION refuse_boom()`,
    );
    try {
      const before = await state();
      const response = await post(
        document({ providers: [provider('alpha'), provider('boom')], lookAndFeel: { ...before.lookAndFeel, postLogoutUrl: '/changed' } }),
      );
      expect(response.status).toBe(500);
      expect(await state()).toEqual(before);
    } finally {
      await sesame.db.query(`DROP TRIGGER refuse_boom ON providers`);
      await sesame.db.query(`DROP FUNCTION refuse_boom()`);
    }
  });
});
