import { useState } from 'preact/hooks';
import { api, must, readOnly, type Schemas } from '../api.js';
import { Choice, Failure, Outcome, Section, Text, useAction, useLoad } from '../ui.js';
import { REASONS } from './reason-codes.js';

import type { paths } from '../../../clients/typescript/index.js';

type EventQuery = NonNullable<paths['/api/admin/audit-events']['get']['parameters']['query']>;
type EventType = NonNullable<EventQuery['type']>;
type EventOutcome = NonNullable<EventQuery['outcome']>;

/** The audit log, API tokens, and configuration export and import. */
export function Operations() {
  return (
    <>
      <AuditLog />
      <ApiTokens />
      <ConfigTransfer />
    </>
  );
}

function AuditLog() {
  const [type, setType] = useState<EventType | ''>('');
  const [outcome, setOutcome] = useState<EventOutcome | ''>('');
  const events = useLoad(
    () =>
      must(
        api.GET('/api/admin/audit-events', {
          params: { query: { type: type || undefined, outcome: outcome || undefined, limit: 50 } },
        }),
      ),
    [type, outcome],
  );
  return (
    <Section title="Audit log">
      <div class="row">
        <Choice
          label="Type"
          value={type}
          onChange={setType}
          options={
            [
              ['', 'All'],
              ['login', 'Logins'],
              ['logout', 'Logouts'],
              ['backdoor_login', 'Backdoor logins'],
              ['admin_change', 'Admin changes'],
              ['session_revoked', 'Sessions revoked'],
              ['config_export', 'Exports'],
            ] as const
          }
        />
        <Choice
          label="Outcome"
          value={outcome}
          onChange={setOutcome}
          options={
            [
              ['', 'All'],
              ['success', 'Success'],
              ['failure', 'Failure'],
            ] as const
          }
        />
      </div>
      <Failure error={events.error} />
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Who</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {(events.value?.items ?? []).map((e) => (
              <tr key={e.id}>
                <td>{new Date(e.occurredAt).toLocaleString()}</td>
                <td>
                  {e.type} {e.outcome}
                  {e.type === 'admin_change' ? ` · ${String(e.details.action)} ${String(e.details.entity)}` : ''}
                </td>
                <td>{e.actor ?? e.username ?? ''}</td>
                <td>
                  {e.code ? (
                    <>
                      <code>{e.code}</code> {REASONS[e.code] ?? ''}
                    </>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function ApiTokens() {
  const tokens = useLoad(() => must(api.GET('/api/admin/api-tokens')));
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'admin' | 'read'>('read');
  const [shown, setShown] = useState<string | null>(null);
  const action = useAction();
  const create = () =>
    action.run(async () => {
      const made = await must(api.POST('/api/admin/api-tokens', { body: { name, scope } }));
      setShown(made.token);
      tokens.reload();
    }, 'Token created. Copy it now: it is shown only once.');
  const revoke = (id: string) =>
    action.run(async () => {
      await must(api.DELETE('/api/admin/api-tokens/{id}', { params: { path: { id } } }));
      tokens.reload();
    }, 'Token revoked.');
  return (
    <Section title="API tokens" hint="For automation; people use this console.">
      <div class="row">
        <Text label="Token name" value={name} onInput={setName} />
        <Choice
          label="Scope"
          value={scope}
          onChange={setScope}
          options={
            [
              ['read', 'read (GET only)'],
              ['admin', 'admin'],
            ] as const
          }
        />
      </div>
      <button type="button" class="primary" disabled={readOnly() || !name} onClick={() => void create()}>
        Create token
      </button>
      {shown ? (
        <p class="notice">
          New token (shown once): <code data-testid="new-token">{shown}</code>
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Scope</th>
            <th scope="col">Prefix</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span class="visually-hidden">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(tokens.value ?? []).map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>{t.scope}</td>
              <td>
                <code>{t.tokenPrefix}</code>
              </td>
              <td>{t.revokedAt ? 'revoked' : t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : 'never'}</td>
              <td>
                {t.revokedAt ? null : (
                  <button type="button" disabled={readOnly()} onClick={() => void revoke(t.id)}>
                    Revoke {t.name}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome {...action} />
    </Section>
  );
}

function ConfigTransfer() {
  const [doc, setDoc] = useState('');
  const [report, setReport] = useState<Schemas['ImportReportDto'] | null>(null);
  const action = useAction();
  const exportNow = () =>
    action.run(
      async () => setDoc(JSON.stringify(await must(api.GET('/api/admin/config/export')), null, 2)),
      'Exported: the document is in the box below.',
    );
  const importNow = (dryRun: boolean) =>
    action.run(
      async () => {
        // Typed as the document the server reads; the server checks it whole (422 names each problem).
        const body: Schemas['ConfigDocumentDto'] = JSON.parse(doc);
        setReport(await must(api.POST('/api/admin/config/import', { params: { query: { dryRun: dryRun ? 'true' : 'false' } }, body })));
      },
      dryRun ? 'Dry run: nothing was written. The changes are listed below.' : 'Imported.',
    );
  const settings = report ? Object.entries(report.settings ?? {}) : [];
  return (
    <Section title="Configuration export and import" hint="Providers, mappings and settings as one JSON document (secrets left out).">
      <button type="button" onClick={() => void exportNow()}>
        Export configuration
      </button>
      <div class="field">
        <label for="config-doc">Configuration document</label>
        <textarea id="config-doc" rows={10} spellcheck={false} value={doc} onInput={(e) => setDoc(e.currentTarget.value)} />
      </div>
      <div class="actions">
        <button type="button" disabled={!doc} onClick={() => void importNow(true)}>
          Dry run import
        </button>
        <button type="button" class="primary" disabled={!doc || !report?.dryRun || readOnly()} onClick={() => void importNow(false)}>
          Apply import
        </button>
      </div>
      <Outcome {...action} />
      {report ? (
        <div class="diff" data-testid="import-report">
          <h3>{report.dryRun ? 'What the import would change' : 'What the import changed'}</h3>
          <ul>
            {report.providers.map((p) => (
              <li key={p.slug} class={`change-${p.change}`}>
                Provider {p.slug}: {p.change}
                {p.changed.length ? ` (${p.changed.join(', ')})` : ''}
              </li>
            ))}
            {settings.map(([key, c]) => (
              <li key={key} class={`change-${c.change}`}>
                {key}: {c.change}
                {c.changed.length ? ` (${c.changed.join(', ')})` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Section>
  );
}
