import { useState } from 'preact/hooks';
import { api, must, readOnly, type Schemas } from '../api.js';
import { Failure, Outcome, Section, Text, useAction, useLoad } from '../ui.js';

type User = Schemas['UserDto'];

/** The application's users and groups: search with keyset pages, a user's groups, links and sessions. */
export function Directory() {
  const [search, setSearch] = useState('');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(
    () => must(api.GET('/api/admin/users', { params: { query: { search: search || undefined, cursor, limit: 25 } } })),
    [search, cursor],
  );
  const groups = useLoad(() => must(api.GET('/api/admin/groups', { params: { query: { limit: 50 } } })));
  const [chosen, setChosen] = useState<User | null>(null);
  return (
    <>
      <Section title="Users">
        <Text
          label="Search users"
          hint="Username, email or name"
          value={search}
          onInput={(v) => {
            setSearch(v);
            setCursors([undefined]);
          }}
        />
        <Failure error={page.error} />
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">Groups</th>
                <th scope="col">
                  <span class="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(page.value?.items ?? []).map((u) => (
                <tr key={u.id}>
                  <td>{u.username}</td>
                  <td>{u.email}</td>
                  <td>{u.active ? 'active' : 'disabled'}</td>
                  <td>{u.groups?.join(', ')}</td>
                  <td>
                    <button type="button" onClick={() => setChosen(u)}>
                      Open {u.username}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="actions">
          <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous page
          </button>
          <button type="button" disabled={!page.value?.nextCursor} onClick={() => setCursors([...cursors, page.value!.nextCursor!])}>
            Next page
          </button>
        </div>
      </Section>
      {chosen ? <UserDetail key={chosen.id} user={chosen} onChanged={page.reload} /> : null}
      <Section title="Groups">
        <ul class="chips">
          {(groups.value?.items ?? []).map((g) => (
            <li key={g.id}>{g.name}</li>
          ))}
        </ul>
      </Section>
    </>
  );
}

function UserDetail({ user, onChanged }: { user: User; onChanged: () => void }) {
  const id = user.id;
  const sessions = useLoad(() => must(api.GET('/api/admin/sessions', { params: { query: { userId: id } } })));
  const links = useLoad(() => must(api.GET('/api/admin/users/{id}/identities', { params: { path: { id } } })));
  const [active, setActive] = useState(user.active);
  const action = useAction();
  const revoke = (sessionId: string) =>
    action.run(async () => {
      await must(api.DELETE('/api/admin/sessions/{id}', { params: { path: { id: sessionId } } }));
      sessions.reload();
    }, 'Session revoked: that browser is signed out.');
  const toggle = () =>
    action.run(
      async () => {
        const next = await must(api.PATCH('/api/admin/users/{id}', { params: { path: { id } }, body: { active: !active } }));
        setActive(next.active);
        onChanged();
      },
      active ? `${user.username} disabled.` : `${user.username} enabled.`,
    );
  return (
    <Section title={`User ${user.username}`}>
      <p>Groups: {user.groups?.join(', ') || 'none'}</p>
      <button type="button" disabled={readOnly()} onClick={() => void toggle()}>
        {active ? 'Disable user' : 'Enable user'}
      </button>
      <h3>Identity links</h3>
      <Failure error={links.error} />
      <ul>
        {(links.value ?? []).map((l) => (
          <li key={l.id}>
            {l.providerDisplayName} ({l.providerSlug})
          </li>
        ))}
      </ul>
      <h3>Sessions</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Last seen</th>
            <th scope="col">Method</th>
            <th scope="col">
              <span class="visually-hidden">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(sessions.value ?? []).map((s) => (
            <tr key={s.id} data-session={s.id}>
              <td>{new Date(s.createdAt).toLocaleString()}</td>
              <td>{new Date(s.lastSeenAt).toLocaleString()}</td>
              <td>{s.method}</td>
              <td>
                <button type="button" disabled={readOnly()} onClick={() => void revoke(s.id)}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome {...action} />
    </Section>
  );
}
