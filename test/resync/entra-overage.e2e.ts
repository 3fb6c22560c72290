import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_USERS } from '../../src/modules/demo/index.js';
import { mapProviderGroups } from '../session/session-helpers.js';
import { startSsoFixture, type SsoFixture } from '../support/sso-fixture.js';
import { TestBrowser } from '../support/browser.js';
import { forwardAuth, signIn, startGraphStandIn, type GraphStandIn } from './resync-helpers.js';

type Json = Record<string, any>;

/**
 * Entra ID group overage: the ID token says the groups are elsewhere (`_claim_names.groups`), so
 * Sesame reads them from Microsoft Graph (a local stand-in here) at login and at every re-sync,
 * and never drops them because a refreshed token has no groups either.
 */
describe('Entra ID group overage through Microsoft Graph', () => {
  let f: SsoFixture;
  let graph: GraphStandIn;
  beforeAll(async () => {
    graph = await startGraphStandIn();
    const overaged = {
      ...DEMO_USERS[0]!,
      sub: 'entra-dana',
      username: 'dana',
      email: 'dana@example.com',
      // What Entra ID sends for a person in more than 200 groups: no groups, a pointer to Graph.
      groups: [],
      extra: {
        groups: undefined,
        _claim_names: { groups: 'src1' },
        _claim_sources: { src1: { endpoint: `${graph.url}/v1.0/users/entra-dana/getMemberObjects` } },
      },
    };
    f = await startSsoFixture({
      users: [overaged],
      env: { SESAME_GRAPH_URL: graph.url },
      provider: { resync: { enabled: true, intervalSeconds: 3600 }, authorizeParams: { prompt: 'consent' } },
    });
    await mapProviderGroups(f.sesame, f.provider.id, { keepExistingGroups: false });
  });
  afterAll(async () => {
    await f?.close();
    await graph?.close();
  });

  it('reads every page of /me/transitiveMemberOf at login and at re-sync, groups only, never dropping them', async () => {
    graph.groups = [
      { id: 'grp-eng', displayName: 'Engineering' },
      { id: 'grp-ops', displayName: 'Operations' },
      { id: 'grp-sec', displayName: 'Security' },
    ];
    const cookie = await signIn(f, 'dana');
    // Four objects, two a page: the role on page one is left out, the groups on both pages count.
    expect(await forwardAuth(f, cookie)).toEqual({ status: 200, groups: 'grp-eng,grp-ops,grp-sec' });
    expect(graph.authorizations.length).toBe(2);
    expect(graph.authorizations.every((a) => /^Bearer \S+$/.test(a))).toBe(true);
    const [row] = await f.sesame.db.query<{ id: string; graph_groups: boolean; user_id: string }>(
      `SELECT id, graph_groups, user_id FROM resync_identities`,
    );
    expect(row!.graph_groups).toBe(true);

    const resync = async () => (await (await f.sesame.admin(`/api/admin/users/${row!.user_id}/resync`, { method: 'POST' })).json()) as Json;
    // The refreshed ID token carries no groups either: they are read from Graph again, and stay.
    expect((await resync()).counts.unchanged).toBe(1);
    expect(await forwardAuth(f, cookie)).toEqual({ status: 200, groups: 'grp-eng,grp-ops,grp-sec' });

    graph.groups = [{ id: 'grp-eng', displayName: 'Engineering' }];
    const changed = await resync();
    expect(changed.counts.changed).toBe(1);
    expect(changed.results[0].groupsRemoved.map((g: string) => g.split(' ')[0]).sort()).toEqual(['grp-ops', 'grp-sec']);
    expect(await forwardAuth(f, cookie)).toEqual({ status: 200, groups: 'grp-eng' });

    // Graph down: the re-sync fails and is tried later; the groups stay as they were, the session too.
    graph.failWith = 503;
    const failed = await resync();
    expect(failed.counts.failed).toBe(1);
    expect(failed.results[0].rule).toContain('HTTP 503');
    expect(await forwardAuth(f, cookie)).toEqual({ status: 200, groups: 'grp-eng' });
    graph.failWith = null;
  });

  it('a login while Graph is down is refused with 502, never signed in without the groups', async () => {
    graph.failWith = 500;
    const browser = new TestBrowser();
    const result = await f.login(browser, 'dana');
    graph.failWith = null;
    expect(result.status).toBe(502);
    expect(browser.cookie(f.url, 'sesame_session')).toBeUndefined();
  });

  it('a Graph answer that is not valid is refused at login (502), not read as no groups', async () => {
    const original = graph.groups;
    // An empty id Graph would never send: Sesame refuses the page instead of guessing.
    graph.groups = [{ id: '', displayName: 'Broken' }];
    const result = await f.login(new TestBrowser(), 'dana');
    graph.groups = original;
    expect(result.status).toBe(502);
  });
});
