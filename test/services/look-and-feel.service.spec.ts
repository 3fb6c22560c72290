import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { DEFAULT_LOOK_AND_FEEL, LookAndFeelModule, LookAndFeelService } from '../../src/modules/look-and-feel/index.js';
import { startTestServices, type TestServices } from '../support/test-services.js';

type Input = Parameters<LookAndFeelService['update']>[0];

/** The look and feel's service on a real database: what it stores, what it refuses, and that a refusal stores nothing. */
describe('LookAndFeelService on the database', () => {
  let services: TestServices;
  let looks: LookAndFeelService;
  beforeAll(async () => {
    services = await startTestServices([LookAndFeelModule], { SESAME_PUBLIC_URL: 'https://sso.example.com' });
    looks = services.get(LookAndFeelService);
  });
  afterAll(() => services?.close());
  // Each test starts from the built-in look and feel.
  beforeEach(async () => {
    await looks.update({ ...DEFAULT_LOOK_AND_FEEL });
  });

  const stored = async () =>
    (await services.db.query<{ value: Record<string, unknown> }>(`SELECT value FROM settings WHERE key = 'look-and-feel'`))[0]?.value;

  it('stores the whole document, home links trimmed and the omitted home fields as none', async () => {
    const input: Input = {
      ...DEFAULT_LOOK_AND_FEEL,
      loginButtonText: 'Sign in with {{ provider.displayName }}',
      errorMessages: { SSO_ACCESS_DENIED: 'Ask IT.' },
      postLogoutUrl: '/goodbye',
      homeLinks: [{ name: '  Wiki ', url: 'https://wiki.example.com', description: '  ', groups: [' staff '] }],
      homeTemplate: undefined,
    };
    const saved = await looks.update(input);
    expect(saved.homeLinks).toEqual([{ name: 'Wiki', url: 'https://wiki.example.com', description: null, groups: ['staff'] }]);
    expect(saved.homeTemplate).toBeNull();
    expect(await stored()).toEqual(saved);
    expect(await looks.get()).toEqual(saved);
  });

  it.each([
    // field, the change that breaks it
    ['loginButtonText', { loginButtonText: 'Log in {{ provider.displayName ' }],
    ['loginTemplate', { loginTemplate: '<p>{% if x %}</p>' }],
    ['homeTemplate', { homeTemplate: '{{ ' }],
    // an open redirect through Sesame's own logout link
    ['postLogoutUrl', { postLogoutUrl: 'https://evil.example/' }],
    ['postLogoutUrl', { postLogoutUrl: '//evil.example/' }],
    ['homeLinks[0].url', { homeLinks: [{ name: 'x', url: 'javascript:alert(1)', groups: [] }] }],
  ])('refuses a bad %s with the field named, and keeps the stored document', async (field, change) => {
    await looks.update({ ...DEFAULT_LOOK_AND_FEEL, loginButtonText: 'kept' });
    await expect(looks.update({ ...DEFAULT_LOOK_AND_FEEL, ...change })).rejects.toMatchObject({
      code: 'UNPROCESSABLE',
      message: expect.stringMatching(new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}:`)),
    });
    expect(await stored()).toMatchObject({ loginButtonText: 'kept' });
  });

  it('hands out copies: changing what get() returned changes nothing stored or cached', async () => {
    await looks.update({
      ...DEFAULT_LOOK_AND_FEEL,
      homeLinks: [{ name: 'Wiki', url: 'https://wiki.example.com', description: null, groups: ['staff'] }],
    });
    const copy = await looks.get();
    copy.homeLinks[0]!.groups.push('everyone');
    copy.errorMessages.INTERNAL = 'changed';
    const again = await looks.get();
    expect(again.homeLinks[0]!.groups).toEqual(['staff']);
    expect(again.errorMessages).toEqual({});
  });

  it('validates a document as a list of every problem, for an import', async () => {
    const result = await looks.validate({
      ...DEFAULT_LOOK_AND_FEEL,
      loginTemplate: '{% if %}',
      postLogoutUrl: 'https://evil.example/',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.field).sort()).toEqual(['loginTemplate', 'postLogoutUrl']);
    expect(await stored()).toEqual({ ...DEFAULT_LOOK_AND_FEEL });
  });
});
