import { describe, expect, it } from '@jest/globals';
import { errorDocument, isRecord, lookup, type ScimProblem } from './scim-problem.js';
import { etag, listResponse, readPaging, renderGroup, renderUser } from './render.js';

const base = 'https://sso.example.com/scim/v2/p1';
const row = { createdAt: new Date('2026-01-02T03:04:05.000Z'), updatedAt: new Date('2026-02-03T04:05:06.000Z'), version: 7 };

describe('SCIM resources as Sesame answers them', () => {
  it('renders a user: the provider document, then Sesame id, directory `active` and meta', () => {
    const document = { userName: 'alice', id: 'provider-id', active: true, schemas: ['other'] };
    expect(renderUser('u1', document, false, row, base)).toEqual({
      userName: 'alice',
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: 'u1',
      active: false,
      meta: {
        resourceType: 'User',
        created: '2026-01-02T03:04:05.000Z',
        lastModified: '2026-02-03T04:05:06.000Z',
        location: `${base}/Users/u1`,
        version: 'W/"7"',
      },
    });
  });

  it.each<[string, string | null, { userId: string; userName: string }[] | null, Record<string, unknown>]>([
    ['without externalId nor members (members not asked for)', null, null, {}],
    ['with its externalId', 'ext-9', null, { externalId: 'ext-9' }],
    ['with no members', null, [], { members: [] }],
    [
      'with its members and their references',
      null,
      [{ userId: 'u1', userName: 'alice' }],
      { members: [{ value: 'u1', display: 'alice', $ref: `${base}/Users/u1` }] },
    ],
  ])('renders a group %s', (_case, externalId, members, extra) => {
    expect(renderGroup({ id: 'g1', displayName: 'Staff', externalId, ...row }, members, base)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: 'g1',
      displayName: 'Staff',
      ...extra,
      meta: {
        resourceType: 'Group',
        created: '2026-01-02T03:04:05.000Z',
        lastModified: '2026-02-03T04:05:06.000Z',
        location: `${base}/Groups/g1`,
        version: 'W/"7"',
      },
    });
  });

  it('lists resources with the page they start at', () => {
    expect(listResponse([{ id: 'a' }, { id: 'b' }], 12, 3)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 12,
      startIndex: 3,
      itemsPerPage: 2,
      Resources: [{ id: 'a' }, { id: 'b' }],
    });
  });

  it.each([0, 42])('gives version %j a weak ETag', (version) => {
    expect(etag(version)).toBe(`W/"${version}"`);
  });
});

describe('readPaging (RFC 7644 §3.4.2.4)', () => {
  it.each<[unknown, unknown, ReturnType<typeof readPaging>]>([
    [undefined, undefined, { startIndex: 1, count: 100 }],
    ['', '', { startIndex: 1, count: 100 }],
    ['5', '10', { startIndex: 5, count: 10 }],
    ['0', '-3', { startIndex: 1, count: 0 }],
    ['-2', '0', { startIndex: 1, count: 0 }],
    ['1', '200', { startIndex: 1, count: 200 }],
    ['1', '201', { startIndex: 1, count: 200 }],
    ['1.5', '10', { problem: 'startIndex must be an integer' }],
    ['one', '10', { problem: 'startIndex must be an integer' }],
    ['1', '2.5', { problem: 'count must be an integer' }],
    ['1', 'ten', { problem: 'count must be an integer' }],
  ])('startIndex=%j count=%j → %j', (startIndex, count, expected) => {
    expect(readPaging(startIndex, count)).toEqual(expected);
  });
});

describe('SCIM problems and attribute names', () => {
  it.each<[ScimProblem, Record<string, unknown>]>([
    [
      { status: 404, detail: 'No such user' },
      { status: '404', detail: 'No such user' },
    ],
    [
      { status: 400, scimType: 'invalidFilter', detail: 'Bad filter' },
      { status: '400', scimType: 'invalidFilter', detail: 'Bad filter' },
    ],
  ])('renders %j as the error schema', (problem, expected) => {
    expect(errorDocument(problem)).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], ...expected });
  });

  it.each<[Record<string, unknown>, string, unknown]>([
    [{ userName: 'a' }, 'userName', 'a'],
    [{ userName: 'a' }, 'USERNAME', 'a'],
    [{ UserName: 'a' }, 'username', 'a'],
    [{ userName: 'a' }, 'displayName', undefined],
    [{}, 'userName', undefined],
  ])('looks %j up by %j case-insensitively', (record, name, expected) => {
    expect(lookup(record, name)).toBe(expected);
  });

  it.each<[unknown, boolean]>([
    [{}, true],
    [{ a: 1 }, true],
    [null, false],
    [[], false],
    ['text', false],
    [undefined, false],
  ])('isRecord(%j) is %j', (value, expected) => {
    expect(isRecord(value)).toBe(expected);
  });
});
