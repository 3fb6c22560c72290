import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Schemas } from '../../clients/typescript/index.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import {
  addMember,
  adminJson,
  claimsOf,
  createGroup,
  createLocalUser,
  expectRefused,
  membershipsOf,
  person,
  setGroupMapping,
  setUserMapping,
  signIn,
  storedUser,
  type Json,
} from './mapping-fixture.js';

type Preview = Schemas['MappingPreviewResultDto'];

/** The mapping preview names the rule behind each outcome, and the login that follows does what it said. */
describe('mapping preview: the rule that decided each outcome', () => {
  let f: SsoFixture;
  beforeAll(async () => {
    f = await startSsoFixture({ users: [] });
    for (const name of ['rr-dev', 'rr-ops', 'rr-local']) await createGroup(f, name);
  });
  afterAll(() => f?.close());
  beforeEach(async () => {
    await setUserMapping(f);
    await setGroupMapping(f, { mode: 'on-the-fly', onTheFly: { keepExistingGroups: false, excludeGroups: ['rr-local'] } });
  });

  const preview = (claims: Json) =>
    adminJson<Preview>(f, '/api/admin/mapping-preview', { method: 'POST', body: { providerId: f.provider.id, claims } });
  const byField = (p: Preview) => Object.fromEntries(p.fields.map((x) => [x.field, [x.outcome, x.ruleCode, x.value]]));
  const byGroup = (list: { group: string; ruleCode: string }[]) => list.map((g) => `${g.group}:${g.ruleCode}`).sort();

  it('a new account: created by NEW_ACCOUNT, each field from its claim, each group by its option', async () => {
    await setGroupMapping(f, {
      mode: 'on-the-fly',
      defaultGroups: ['rr-staff'],
      assignDefaultGroupsTo: 'new',
      onTheFly: { createMissingGroups: false, excludeGroups: ['rr-local'] },
    });
    const nia = person(f, { username: 'nia', givenName: 'Nia', familyName: 'Nord', groups: ['rr-dev', 'rr-unknown', 'rr-local'] });
    const p = await preview(claimsOf(nia));
    expect(p.signIn).toEqual({ outcome: 'allowed', ruleCode: 'SIGN_IN_OPEN', rule: expect.stringContaining('are on') });
    expect(p.account).toEqual({ outcome: 'created', ruleCode: 'NEW_ACCOUNT', rule: 'no matching user; creation allowed' });
    expect(byField(p)).toEqual({
      username: ['set', 'FROM_CLAIM', 'nia'],
      email: ['set', 'FROM_CLAIM', 'nia@example.com'],
      firstName: ['set', 'FROM_CLAIM', 'Nia'],
      lastName: ['set', 'FROM_CLAIM', 'Nord'],
      displayName: ['set', 'FROM_CLAIM', 'Nia Nord'],
    });
    expect(byGroup(p.groups.add)).toEqual(['rr-dev:ON_THE_FLY', 'rr-staff:DEFAULT_GROUP']);
    expect(byGroup(p.groups.skipped)).toEqual(['rr-local:ON_THE_FLY_EXCLUDED', 'rr-unknown:ON_THE_FLY_NO_LOCAL_GROUP']);
    expect(p.denied).toBeNull();

    expect((await signIn(f, 'nia')).status).toBe(302);
    const stored = (await storedUser(f, 'nia'))!;
    expect(await membershipsOf(f, stored.id)).toEqual(['rr-dev:sso', 'rr-staff:default']);
  });

  it('an existing account: each field changed or kept, and each membership removed or kept, by its rule', async () => {
    const omar = person(f, { username: 'omar', familyName: 'Old', groups: ['rr-dev', 'rr-ops'] });
    expect((await signIn(f, 'omar')).status).toBe(302);
    const id = (await storedUser(f, 'omar'))!.id;
    await addMember(f, 'rr-local', id, 'manual');

    // Same person (same sub), renamed at the provider, with a new family name and one group fewer.
    const renamed = { ...claimsOf(omar), preferred_username: 'omar.new', family_name: 'New', name: 'Omar New', groups: ['rr-dev'] };
    const p = await preview(renamed);
    expect(p.account).toEqual({ outcome: 'signed-in', ruleCode: 'IDENTITY_LINK', rule: 'identity link (provider, sub)' });
    expect(byField(p)).toEqual({
      username: ['kept', 'USERNAME_KEPT', 'omar'],
      email: ['kept', 'UNCHANGED', 'omar@example.com'],
      firstName: ['kept', 'UNCHANGED', 'Omar'],
      lastName: ['changed', 'UPDATED_FROM_CLAIM', 'New'],
      displayName: ['changed', 'UPDATED_FROM_CLAIM', 'Omar New'],
    });
    expect(byGroup(p.groups.remove)).toEqual(['rr-ops:ON_THE_FLY_ABSENT']);
    expect(byGroup(p.groups.kept)).toEqual(['rr-dev:ON_THE_FLY', 'rr-local:ON_THE_FLY_EXCLUDED']);
    expect(p.groups.kept.every((g) => g.rule.length > 0)).toBe(true);
  });

  it('a manual mapping names the row that added a group; a membership an administrator gave is kept', async () => {
    const rules = [
      { localGroup: 'rr-ops', idpGroups: ['ops'] },
      { localGroup: 'rr-dev', idpGroups: ['developers'] },
    ];
    await setGroupMapping(f, { mode: 'manual', manual: { rules } });
    const pat = person(f, { username: 'pat', groups: ['developers'] });
    const localId = await createLocalUser(f, { username: 'pat' });
    await addMember(f, 'rr-local', localId, 'manual');
    const p = await preview(claimsOf(pat));
    expect(p.account).toEqual({ outcome: 'linked', ruleCode: 'MATCHED_BY_USERNAME', rule: 'matched by username' });
    expect(p.groups.add).toEqual([
      { group: 'rr-dev', origin: 'sso', ruleCode: 'MANUAL_RULE', rule: "manual: 'developers' → rr-dev", row: 2 },
    ]);
    expect(byGroup(p.groups.kept)).toEqual(['rr-local:ADDED_BY_ADMIN']);
    expect((await signIn(f, 'pat')).status).toBe(302);
    expect(await membershipsOf(f, localId)).toEqual(['rr-dev:sso', 'rr-local:manual']);
  });

  it('a refusal: the account rule, and the sign-in refused for it, is what the login refuses with', async () => {
    await setUserMapping(f, { matchBy: 'email' });
    await createLocalUser(f, { username: 'vera.local', email: 'vera@example.com' });
    const vera = person(f, { username: 'vera', emailVerified: false });
    const p = await preview(claimsOf(vera));
    const rule = 'email not verified: matches an existing account';
    expect(p.signIn).toEqual({ outcome: 'refused', ruleCode: 'EMAIL_NOT_VERIFIED', rule });
    expect(p.account).toEqual({ outcome: 'refused', ruleCode: 'EMAIL_NOT_VERIFIED', rule });
    expect(p.denied).toEqual({ code: 'SSO_EMAIL_NOT_VERIFIED', message: expect.any(String), ruleCode: 'EMAIL_NOT_VERIFIED', rule });
    await expectRefused(f, 'vera', 403, 'SSO_EMAIL_NOT_VERIFIED');
  });

  it('a refusal before any account is looked at: the sign-in policy or the group rules name theirs', async () => {
    const settings = await adminJson(f, '/api/admin/sign-in-settings');
    const wes = person(f, { username: 'wes', groups: ['rr-dev'] });
    await adminJson(f, '/api/admin/sign-in-settings', { method: 'PUT', body: { ...settings, allowedEmailDomains: ['example.org'] } });
    try {
      const p = await preview(claimsOf(wes));
      expect(p.signIn).toMatchObject({ outcome: 'refused', ruleCode: 'EMAIL_DOMAIN_NOT_ALLOWED' });
      expect(p.account).toBeNull();
      expect(p.denied).toMatchObject({ code: 'SSO_DOMAIN_NOT_ALLOWED', ruleCode: 'EMAIL_DOMAIN_NOT_ALLOWED' });
      await expectRefused(f, 'wes', 403, 'SSO_DOMAIN_NOT_ALLOWED');
    } finally {
      await adminJson(f, '/api/admin/sign-in-settings', { method: 'PUT', body: settings });
    }

    await setGroupMapping(f, { allowedGroups: ['rr-admins'] });
    const p = await preview(claimsOf(wes));
    expect(p.signIn).toEqual({ outcome: 'refused', ruleCode: 'NOT_IN_ALLOWED_GROUPS', rule: expect.stringContaining('rr-admins') });
    expect(p.account).toBeNull();
    await expectRefused(f, 'wes', 403, 'SSO_GROUP_NOT_ALLOWED');
    expect(await storedUser(f, 'wes')).toBeUndefined();
  });
});
