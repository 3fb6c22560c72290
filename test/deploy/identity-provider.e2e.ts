import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/index.js';
import { environmentOf, mountedFile, parseCompose, publishedPorts, readComposeText, service } from './compose.js';

/**
 * The Keycloak realm that docker compose imports and the document that registers Keycloak in
 * Sesame must describe the same client: same id and secret, and a redirect URI that is exactly
 * the callback Sesame builds from its PUBLIC_URL and the provider's slug.
 */
const { compose } = parseCompose(readComposeText());
const keycloakService = service(compose, 'keycloak');
const sesameEnv = environmentOf(service(compose, 'sesame'));
const parsed = parseConfig(sesameEnv);
const publicUrl = parsed.ok ? parsed.config.publicUrl : 'unparsable';

const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));
const realm = readJson(mountedFile(keycloakService, /^\/opt\/keycloak\/data\/import\//));
const bootstrap = readJson(mountedFile(service(compose, 'sesame-bootstrap'), /bootstrap\.json$/));
const provider = bootstrap.providers?.[0] ?? {};
const client = (realm.clients ?? []).find((c: any) => c.clientId === provider.clientId);

describe('the bootstrap document', () => {
  it('is a Sesame configuration import that registers one Keycloak provider', () => {
    expect(bootstrap).toEqual({ format: 'sesame-config', version: 1, providers: [expect.any(Object)] });
    expect(Object.keys(provider).sort()).toEqual(
      [
        'slug',
        'displayName',
        'kind',
        'preset',
        'issuer',
        'clientId',
        'clientSecret',
        'scopes',
        'clientAuthMethod',
        'enabled',
        'logoutAtProvider',
        'userMapping',
        'groupMapping',
      ].sort(),
    );
    expect(provider).toMatchObject({ kind: 'oidc', preset: 'keycloak', clientAuthMethod: 'client_secret_basic', enabled: true });
    expect(provider.slug).toMatch(/^[a-z0-9-]{2,40}$/);
    expect(provider.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'email']));
  });

  it('maps the profile from the claims Keycloak sends and the groups from its groups claim', () => {
    expect(provider.userMapping).toEqual({
      usernameAttribute: 'preferred_username',
      emailAttribute: 'email',
      firstNameAttribute: 'given_name',
      lastNameAttribute: 'family_name',
      displayNameAttribute: 'name',
      matchBy: 'username',
      allowUserCreation: true,
      updateProfileOnLogin: true,
      trustEmail: false,
    });
    expect(provider.groupMapping).toEqual({
      groupAttribute: 'groups',
      mode: 'on-the-fly',
      onTheFly: { createMissingGroups: true, keepExistingGroups: false, excludeGroups: [] },
      defaultGroups: [],
      assignDefaultGroupsTo: 'none',
      updateExistingUsers: true,
      manual: { rules: [], requireMappedGroupForCreation: false },
      allowedGroups: [],
    });
  });

  it("names Keycloak's issuer for this realm, at the URL Keycloak announces", () => {
    const hostname = environmentOf(keycloakService).KC_HOSTNAME;
    expect(provider.issuer).toBe(`${hostname}/realms/${realm.realm}`);
  });
});

describe('the Keycloak realm', () => {
  it('has a confidential client for Sesame with the same id and secret as the bootstrap document', () => {
    expect(realm).toMatchObject({ realm: 'sesame', enabled: true });
    expect(client).toMatchObject({
      enabled: true,
      protocol: 'openid-connect',
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    expect(client.secret).toBe(provider.clientSecret);
  });

  it("redirects only to Sesame's callback for the bootstrap provider, and requires PKCE S256", () => {
    expect(parsed.ok).toBe(true);
    expect(client.redirectUris).toEqual([`${publicUrl}/sso/${provider.slug}/callback`]);
    expect(client.attributes['pkce.code.challenge.method']).toBe('S256');
  });

  it('lets people come back to Sesame after logging out at Keycloak', () => {
    expect(client.attributes['post.logout.redirect.uris']).toBe(`${publicUrl}/*`);
  });

  it("tells Sesame about logouts at its back-channel endpoint, at Sesame's address on the compose network", () => {
    const url = new URL(client.attributes['backchannel.logout.url']);
    expect(url.pathname).toBe(`/sso/${provider.slug}/backchannel-logout`);
    expect(url.hostname).toBe('sesame');
    expect(publishedPorts(service(compose, 'sesame')).map((p) => p.container)).toContain(Number(url.port));
    expect(client.attributes['backchannel.logout.session.required']).toBe('true');
  });

  it('puts the group names (not paths) in the ID token, the access token and userinfo, as the claim Sesame reads', () => {
    const mapper = client.protocolMappers.find((m: any) => m.protocolMapper === 'oidc-group-membership-mapper');
    expect(mapper.config).toMatchObject({
      'claim.name': provider.groupMapping.groupAttribute,
      'full.path': 'false',
      'id.token.claim': 'true',
      'access.token.claim': 'true',
      'userinfo.token.claim': 'true',
    });
  });

  it.each([
    ['alice', ['/developers', '/admins']],
    ['bob', ['/sales']],
  ])('has the demo user %s with a verified email, a full name, a password and groups %j', (username, groups) => {
    const user = realm.users.find((u: any) => u.username === username);
    expect(user).toMatchObject({ enabled: true, emailVerified: true, email: `${username}@example.com`, groups });
    expect(user.firstName).toEqual(expect.any(String));
    expect(user.lastName).toEqual(expect.any(String));
    expect(user.credentials).toEqual([{ type: 'password', value: username, temporary: false }]);
    const realmGroups = realm.groups.map((g: any) => g.path);
    for (const group of groups) expect(realmGroups).toContain(group);
  });
});
