import { describe, expect, it } from '@jest/globals';
import { listOf, resourceTypes, schemas, serviceProviderConfig } from './discovery.js';

const base = 'https://sso.example.com/scim/v2/p1';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// What a provisioning client adapts to: a change here changes what Entra ID or Okta send.
describe('SCIM discovery (RFC 7643 §5 to §7)', () => {
  it('advertises PATCH, filters, ETags and the bearer token; no bulk, sort or password change', () => {
    expect(serviceProviderConfig(base)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      documentationUri: 'https://github.com/sesame/sesame/blob/main/docs/provisioning.md',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'Bearer token',
          description: 'The provider SCIM token from POST /api/admin/providers/{id}/scim-token',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
    });
  });

  it.each([
    ['User', '/Users', USER],
    ['Group', '/Groups', GROUP],
  ])('lists the resource type %s at %s', (id, endpoint, schema) => {
    expect(resourceTypes(base)).toContainEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id,
      name: id,
      endpoint,
      schema,
      meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/${id}` },
    });
  });

  it('lists exactly two resource types and two schemas', () => {
    expect(resourceTypes(base)).toHaveLength(2);
    expect(schemas(base).map((s) => s.id)).toEqual([USER, GROUP]);
  });

  it.each([
    [USER, 'User', 'A Sesame directory user'],
    [GROUP, 'Group', "A group of the provider's; its mapping decides the directory groups of its members"],
  ])('describes the schema %s', (id, name, description) => {
    expect(schemas(base).find((s) => s.id === id)).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      name,
      description,
      meta: { resourceType: 'Schema', location: `${base}/Schemas/${id}` },
    });
  });

  type Attribute = Record<string, unknown> & { name: string; subAttributes?: Attribute[] };
  /** Every attribute of a schema by its dotted path, as the RFC 7643 §7 characteristics. */
  function attributes(id: string): Record<string, Record<string, unknown>> {
    const all: Record<string, Record<string, unknown>> = {};
    const visit = (list: Attribute[], prefix: string) => {
      for (const { subAttributes, ...attribute } of list) {
        all[prefix + attribute.name] = attribute;
        if (subAttributes) visit(subAttributes, `${attribute.name}.`);
      }
    };
    visit(schemas(base).find((s) => s.id === id)!.attributes as Attribute[], '');
    return all;
  }

  const text = {
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
  };
  const flag = { type: 'boolean', multiValued: false, required: false, mutability: 'readWrite', returned: 'default' };
  const complex = (multiValued: boolean) => ({
    type: 'complex',
    multiValued,
    required: false,
    mutability: 'readWrite',
    returned: 'default',
  });

  it.each<[string, Record<string, Record<string, unknown>>]>([
    [
      USER,
      {
        userName: { ...text, required: true, uniqueness: 'server' },
        externalId: { ...text, caseExact: true },
        displayName: text,
        active: flag,
        name: complex(false),
        'name.givenName': text,
        'name.familyName': text,
        'name.formatted': text,
        emails: complex(true),
        'emails.value': text,
        'emails.type': text,
        'emails.primary': flag,
      },
    ],
    [
      GROUP,
      {
        displayName: { ...text, required: true, uniqueness: 'server' },
        externalId: { ...text, caseExact: true },
        members: complex(true),
        'members.value': { ...text, caseExact: true, mutability: 'immutable' },
        'members.display': { ...text, mutability: 'readOnly' },
      },
    ],
  ])('declares the attributes of %s', (id, expected) => {
    const declared = attributes(id);
    expect(Object.keys(declared)).toEqual(Object.keys(expected));
    for (const [path, characteristics] of Object.entries(expected)) {
      expect({ path, ...declared[path] }).toEqual({ path, name: path.split('.').pop(), ...characteristics });
    }
  });

  it.each([0, 2])('lists %j discovery resources as one page', (n) => {
    const resources = Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
    expect(listOf(resources)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: n,
      startIndex: 1,
      itemsPerPage: n,
      Resources: resources,
    });
  });
});
