import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ProviderModule, ProviderService } from '../../src/modules/provider/index.js';
import { RedirectRulesModule, RedirectRulesService } from '../../src/modules/redirect-rules/index.js';
import type { Provider } from '../../src/modules/provider/index.js';
import { startTestServices, type TestServices } from '../support/test-services.js';

/** The redirection rules' service on a real database, with real providers: what it stores, and which provider it chooses. */
describe('RedirectRulesService on the database', () => {
  let services: TestServices;
  let rules: RedirectRulesService;
  let providers: ProviderService;
  let okta: Provider;
  let entra: Provider;
  beforeAll(async () => {
    services = await startTestServices([ProviderModule, RedirectRulesModule]);
    rules = services.get(RedirectRulesService);
    providers = services.get(ProviderService);
    const oauth2 = (slug: string) =>
      providers.create({
        slug,
        displayName: slug,
        kind: 'oauth2',
        preset: 'generic',
        endpoints: {
          authorization: `http://127.0.0.1:9/${slug}/authorize`,
          token: `http://127.0.0.1:9/${slug}/token`,
          userinfo: `http://127.0.0.1:9/${slug}/userinfo`,
        },
        clientId: slug,
        subjectAttribute: 'id',
      });
    okta = await oauth2('okta');
    entra = await oauth2('entra');
  });
  afterAll(() => services?.close());
  // Each test sets the rules and the providers' state it relies on.
  beforeEach(async () => {
    await providers.setEnabled(okta.id, true);
    await providers.setEnabled(entra.id, true);
    await rules.put({ enabled: false, rules: [], defaultProviderId: null });
  });

  const routing = () => ({
    enabled: true,
    rules: [
      { name: 'corp', match: { emailDomains: ['corp.example'] }, providerId: okta.id },
      { name: 'contractors', match: { emailPattern: '.*\\+ext@corp\\.example' }, providerId: entra.id },
    ],
    defaultProviderId: entra.id,
  });

  it('stores the rules and reads them back as they were sent', async () => {
    const saved = await rules.put(routing());
    expect(saved).toEqual({ ...routing(), staleRules: [] });
    const [row] = await services.db.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'redirect-rules'`);
    expect(row!.value).toEqual(routing());
  });

  it('refuses rules with every problem named by its field, and keeps the stored ones', async () => {
    await rules.put(routing());
    const bad = { enabled: 'yes', rules: [{ name: 'default', match: { emailPattern: '(' }, providerId: '' }], defaultProviderId: null };
    const error = await rules.put(bad).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as { details: { errors: { field: string }[] } }).details.errors.map((e) => e.field)).toEqual([
      'enabled',
      'rules[0].name',
      'rules[0].providerId',
      'rules[0].match.emailPattern',
    ]);
    expect(await rules.get()).toEqual(routing());
  });

  it.each([
    // email, provider slug chosen, rule
    ['ann@corp.example', 'okta', 'corp'],
    ['ANN@Corp.Example', 'okta', 'corp'],
    ['bob@elsewhere.example', 'entra', 'default'],
    // rules are tried in order: the first that matches wins, though a later one matches too
    ['ann+ext@corp.example', 'okta', 'corp'],
  ])('routes %s to %s by the rule "%s"', async (email, slug, rule) => {
    await rules.put(routing());
    const providerId = slug === 'okta' ? okta.id : entra.id;
    expect(await rules.choose(email)).toEqual({ ok: true, providerId, rule });
  });

  it('skips a rule whose provider was disabled, reports it stale, and uses it again once enabled', async () => {
    await rules.put(routing());
    await providers.setEnabled(okta.id, false);
    expect(await rules.choose('ann@corp.example')).toEqual({ ok: true, providerId: entra.id, rule: 'default' });
    expect((await rules.describe()).staleRules).toEqual(['corp']);
    await providers.setEnabled(okta.id, true);
    expect(await rules.choose('ann@corp.example')).toEqual({ ok: true, providerId: okta.id, rule: 'corp' });
  });

  it('answers LOGIN_NO_PROVIDER when neither a rule nor a usable default provider fits', async () => {
    await rules.put({ ...routing(), defaultProviderId: entra.id });
    await providers.setEnabled(entra.id, false);
    expect(await rules.choose('bob@elsewhere.example')).toMatchObject({ ok: false, code: 'LOGIN_NO_PROVIDER' });
    expect((await rules.describe()).staleRules).toEqual(['contractors', 'default']);
  });
});
