import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GroupsService, UsersService } from '../../src/modules/directory/index.js';
import { defaultSignInSettings, SignInModule, SignInSettingsService } from '../../src/modules/sign-in/index.js';
import { startTestServices, type TestServices } from '../support/test-services.js';

type Input = Parameters<SignInSettingsService['update']>[0];

/** The defaults as a PUT body would carry them. */
const defaults = (): Input => ({ ...defaultSignInSettings(), allowedEmailDomains: [] });

/**
 * The sign-in settings' service on a real database: the lock-out guard asks the real directory
 * whether a local administrator could still get in before SSO is turned off.
 */
describe('SignInSettingsService on the database', () => {
  let services: TestServices;
  let signIn: SignInSettingsService;
  let users: UsersService;
  let groups: GroupsService;
  beforeAll(async () => {
    services = await startTestServices([SignInModule]);
    signIn = services.get(SignInSettingsService);
    users = services.get(UsersService);
    groups = services.get(GroupsService);
  });
  afterAll(() => services?.close());
  // Each test starts from the defaults and an empty directory.
  beforeEach(async () => {
    await signIn.update(defaults());
    await services.db.query(`DELETE FROM memberships`);
    await services.db.query(`DELETE FROM users`);
    await services.db.query(`DELETE FROM groups`);
  });

  const ssoOff = (backdoor: Partial<Input['backdoor']> = {}): Input => ({
    ...defaults(),
    ssoEnabled: false,
    backdoor: { enabled: true, allowedGroups: [], ...backdoor },
  });
  const localUser = async (username: string, options: { password?: boolean; active?: boolean; group?: string } = {}) => {
    const user = await users.create({
      username,
      active: options.active ?? true,
      password: options.password === false ? undefined : 'a long local password',
    });
    if (options.group) {
      const [group] = await groups.createMissing([options.group]);
      const id = group?.id ?? (await services.db.query<{ id: string }>(`SELECT id FROM groups WHERE name = $1`, [options.group]))[0]!.id;
      await groups.addMember(id, user.id);
    }
    return user;
  };
  const stored = async () =>
    (await services.db.query<{ value: { ssoEnabled: boolean } }>(`SELECT value FROM settings WHERE key = 'sign-in'`))[0]?.value;

  it.each([
    // the directory, whether SSO may be turned off, how to make it, the backdoor's allowed groups
    ['no local user', false, async () => undefined, []],
    ['a local user without a password', false, () => localUser('nopass', { password: false }), []],
    ['a disabled local user with a password', false, () => localUser('gone', { active: false }), []],
    ['an enabled local user with a password', true, () => localUser('root'), []],
    ['a user with a password, outside the allowed groups', false, () => localUser('root', { group: 'staff' }), ['Admins']],
    // groups are compared trimmed and case-insensitively, as the backdoor compares them
    ['a user with a password in an allowed group', true, () => localUser('root', { group: ' admins ' }), ['Admins']],
  ])('with %s, turning SSO off is allowed: %s', async (_directory, allowed, arrange, allowedGroups) => {
    await arrange();
    const attempt = signIn.update(ssoOff({ allowedGroups }));
    if (allowed) {
      await expect(attempt).resolves.toMatchObject({ ssoEnabled: false });
      expect(await stored()).toMatchObject({ ssoEnabled: false });
    } else {
      await expect(attempt).rejects.toMatchObject({ code: 'LOCKOUT_GUARD', message: expect.stringContaining('backdoor') });
      expect(await stored()).toMatchObject({ ssoEnabled: true });
    }
  });

  it('refuses turning SSO off while the backdoor is off, whoever has a password', async () => {
    await localUser('root');
    await expect(signIn.update(ssoOff({ enabled: false }))).rejects.toMatchObject({
      code: 'LOCKOUT_GUARD',
      message: expect.stringContaining('backdoor.enabled: false'),
    });
  });

  it('keeps the backdoor key when a PUT leaves it out, replaces it when given, removes it only on null, and never shows it', async () => {
    const withKey = await signIn.update({
      ...defaults(),
      backdoor: { enabled: true, key: 'k'.repeat(20), allowedGroups: [] },
    });
    expect(withKey.backdoor).toEqual({ enabled: true, hasKey: true, allowedGroups: [] });
    expect(JSON.stringify(withKey)).not.toContain('kkkk');
    await signIn.update({ ...defaults(), backdoor: { enabled: true, allowedGroups: [] } });
    expect((await signIn.get()).backdoor.key).toBe('k'.repeat(20));
    await signIn.update({ ...defaults(), backdoor: { enabled: true, key: 'n'.repeat(20), allowedGroups: [] } });
    expect((await signIn.get()).backdoor.key).toBe('n'.repeat(20));
    await signIn.update({ ...defaults(), backdoor: { enabled: true, key: null, allowedGroups: [] } });
    expect((await signIn.get()).backdoor.key).toBeNull();
  });

  it.each([
    ['allowedEmailDomains', { allowedEmailDomains: 'example.com, not a domain' }],
    ['apiAccess.allowedCidrs', { apiAccess: { allowedCidrs: ['10.0.0.0/99'] } }],
  ])('refuses a bad %s, naming the field, and stores nothing', async (field, change) => {
    await expect(signIn.update({ ...defaults(), ...change })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [expect.objectContaining({ field })] },
    });
    expect(await stored()).toEqual(expect.objectContaining({ allowedEmailDomains: [], apiAccess: { allowedCidrs: [] } }));
  });

  it.each([
    // allowed networks, caller, accepted
    [[], '198.51.100.7', true],
    [['10.0.0.0/8'], '10.1.2.3', true],
    [['10.0.0.0/8'], '198.51.100.7', false],
    [['10.0.0.0/8', '2001:db8::/32'], '2001:db8::1', true],
  ])('with admin networks %j, a call from %s is accepted: %s', async (allowedCidrs, ip, accepted) => {
    await signIn.update({ ...defaults(), apiAccess: { allowedCidrs } });
    expect(await signIn.isAdminNetworkAllowed(ip)).toBe(accepted);
  });
});
