import { useState } from 'preact/hooks';
import { ApiError, api, must, readOnly, explain, type Schemas } from '../api.js';
import type { Provider, TabProps } from '../main.js';
import { Check, Choice, Outcome, Section, Text, useAction, useLoad } from '../ui.js';

type Preset = Schemas['ProviderPresetDto'];
type PresetName = Preset['id'];

/** The issuer a preset's fields make, read as GET /api/admin/provider-presets describes its template. */
function fillIssuer(preset: Preset, values: Record<string, string>): string {
  return preset.issuerTemplate.replace(/\{([a-z]+)\}/g, (_, key: string) => {
    const field = preset.fields.find((f) => f.key === key);
    const value = values[key]?.trim() || field?.default || '';
    return value ? `${field?.prefix ?? ''}${value}` : '';
  });
}

/** Seed steps 1–2: the providers in login-page order, on/off, and one form per provider. */
export function Providers(props: TabProps) {
  const [editing, setEditingNow] = useState<Provider | 'new' | null>(props.providers.length === 0 ? 'new' : null);
  // A new form for each Add/Edit click; a save keeps the form (and its outcome) where it is.
  const [formKey, setFormKey] = useState(0);
  const setEditing = (next: Provider | 'new') => {
    setEditingNow(next);
    setFormKey((k) => k + 1);
  };
  const action = useAction();
  // The presets are the server's: the form asks what each one needs.
  const presets = useLoad(() => must(api.GET('/api/admin/provider-presets')));
  const move = (index: number, by: number) =>
    action.run(async () => {
      const ids = props.providers.map((p) => p.id);
      const [moved] = ids.splice(index, 1);
      ids.splice(index + by, 0, moved!);
      await must(api.PUT('/api/admin/providers/order', { body: { ids } }));
      props.reloadProviders();
    }, 'Order saved.');
  const toggle = (p: Provider) =>
    action.run(
      async () => {
        await must(
          api.PUT('/api/admin/providers/{idOrSlug}/enabled', { params: { path: { idOrSlug: p.id } }, body: { enabled: !p.enabled } }),
        );
        props.reloadProviders();
      },
      `${p.displayName} ${p.enabled ? 'turned off' : 'turned on'}.`,
    );
  return (
    <>
      <Section title="Identity providers" hint="The login page shows them in this order.">
        <table>
          <caption class="visually-hidden">Registered providers</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Preset</th>
              <th scope="col">On</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.providers.map((p, i) => (
              <tr key={p.id}>
                <td>
                  {p.displayName} <code>{p.slug}</code>
                </td>
                <td>{p.preset}</td>
                <td>
                  <input
                    type="checkbox"
                    checked={p.enabled}
                    disabled={readOnly()}
                    aria-label={`${p.displayName} enabled`}
                    onChange={() => void toggle(p)}
                  />
                </td>
                <td class="actions">
                  <button
                    type="button"
                    disabled={i === 0 || readOnly()}
                    aria-label={`Move ${p.displayName} up`}
                    onClick={() => void move(i, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={i === props.providers.length - 1 || readOnly()}
                    aria-label={`Move ${p.displayName} down`}
                    onClick={() => void move(i, 1)}
                  >
                    ↓
                  </button>
                  <button type="button" onClick={() => setEditing(p)}>
                    Edit {p.displayName}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" class="primary" disabled={readOnly()} onClick={() => setEditing('new')}>
          Add provider
        </button>
        <Outcome {...action} />
      </Section>
      {presets.error ? <p role="alert">{presets.error}</p> : null}
      {editing && presets.value ? (
        <ProviderForm
          key={formKey}
          presets={presets.value}
          existing={editing === 'new' ? null : editing}
          onSaved={(p) => {
            props.reloadProviders();
            props.chooseProvider(p.id);
          }}
        />
      ) : null}
    </>
  );
}

function ProviderForm({ presets, existing, onSaved }: { presets: Preset[]; existing: Provider | null; onSaved: (p: Provider) => void }) {
  const [preset, setPreset] = useState<PresetName>(existing?.preset ?? 'generic');
  const [parts, setParts] = useState<Record<string, string>>(existing ? { issuer: existing.issuer ?? '' } : {});
  const [issuer, setIssuer] = useState(existing?.issuer ?? '');
  const [fields, setFields] = useState({
    displayName: existing?.displayName ?? '',
    slug: existing?.slug ?? '',
    clientId: existing?.clientId ?? '',
    buttonText: existing?.buttonText ?? '',
    trustEmail: existing?.trustEmail ?? false,
    logoutAtProvider: existing?.logoutAtProvider ?? false,
  });
  const [secret, setSecret] = useState('');
  const [mismatch, setMismatch] = useState<{ expected: string; discovered: string } | null>(null);
  const [saved, setSaved] = useState<Provider | null>(existing);
  const action = useAction();
  const form = presets.find((p) => p.id === preset) ?? presets[presets.length - 1]!;
  // The server checks the issuer as a whole; this names the field to fix before saving.
  const unmatched = form.fields.filter(
    (f) => f.pattern && parts[f.key]?.trim() && !new RegExp(`^(?:${f.pattern})$`).test(parts[f.key]!.trim()),
  );
  const set = (key: string, value: string) => {
    const next = { ...parts, [key]: value };
    setParts(next);
    setIssuer(fillIssuer(form, next));
  };
  const save = () =>
    action.run(async () => {
      setMismatch(null);
      const body = {
        ...fields,
        preset,
        kind: 'oidc' as const,
        issuer,
        enabled: existing?.enabled ?? true,
        buttonText: fields.buttonText || undefined,
        ...(secret ? { clientSecret: secret } : {}),
      };
      try {
        const provider = saved
          ? await must(api.PATCH('/api/admin/providers/{idOrSlug}', { params: { path: { idOrSlug: saved.id } }, body }))
          : await must(api.POST('/api/admin/providers', { body: { ...body, scopes: [...form.scopes] } }));
        setSaved(provider);
        setSecret('');
        onSaved(provider);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'PROVIDER_ISSUER_MISMATCH') {
          setMismatch({ expected: String(error.body.expected), discovered: String(error.body.discovered) });
        }
        throw error;
      }
    }, 'Saved: discovery succeeded.');
  return (
    <Section title={saved ? `Configure ${saved.displayName}` : 'New provider'}>
      <Choice
        label="Preset"
        value={preset}
        hint="Choose first: the fields below follow it."
        options={presets.map((p) => [p.id, p.label] as const)}
        onChange={(p) => {
          setPreset(p);
          const chosen = presets.find((f) => f.id === p);
          if (chosen) setIssuer(fillIssuer(chosen, parts));
        }}
      />
      {form.fields.map((field) => (
        <Text
          key={field.key}
          label={field.required ? field.label : `${field.label} (optional)`}
          hint={field.hint}
          placeholder={field.placeholder || undefined}
          value={parts[field.key] ?? ''}
          onInput={(v) => set(field.key, v)}
        />
      ))}
      <p class="hint">
        Issuer: <code>{issuer || '—'}</code>
      </p>
      {unmatched.map((field) => (
        <p class="outcome error" role="alert" key={field.key}>
          {field.label} does not look right: {field.hint}
        </p>
      ))}
      <Text label="Display name" value={fields.displayName} onInput={(v) => setFields({ ...fields, displayName: v })} />
      <Text
        label="Slug"
        hint="In the URLs /sso/<slug>/start and /sso/<slug>/callback"
        value={fields.slug}
        onInput={(v) => setFields({ ...fields, slug: v })}
      />
      <Text label="Client ID" value={fields.clientId} onInput={(v) => setFields({ ...fields, clientId: v })} />
      <Text
        label={saved?.hasClientSecret ? 'Client secret (set — type to replace)' : 'Client secret'}
        type="password"
        value={secret}
        onInput={setSecret}
        hint="Write-only: Sesame never shows it again."
      />
      <Text
        label="Login button text"
        hint="Empty: “Log in with <display name>”"
        value={fields.buttonText}
        onInput={(v) => setFields({ ...fields, buttonText: v })}
      />
      <Check
        label="Trust this provider's email addresses"
        checked={fields.trustEmail}
        onChange={(v) => setFields({ ...fields, trustEmail: v })}
      />
      <Check
        label="Log out at the provider too"
        checked={fields.logoutAtProvider}
        onChange={(v) => setFields({ ...fields, logoutAtProvider: v })}
      />
      {saved ? <CallbackUrl url={saved.callbackUrl} /> : <p class="hint">The callback URL appears once the provider is saved.</p>}
      <button type="button" class="primary" disabled={action.busy || readOnly()} onClick={() => void save()}>
        {action.busy ? 'Checking discovery…' : 'Save and check discovery'}
      </button>
      {mismatch ? (
        <div class="outcome error" role="alert">
          <p>The issuer does not match what the provider says about itself:</p>
          <dl>
            <dt>Entered</dt>
            <dd>
              <code>{mismatch.expected}</code>
            </dd>
            <dt>Discovered</dt>
            <dd>
              <code>{mismatch.discovered}</code>
            </dd>
          </dl>
        </div>
      ) : null}
      <Outcome {...action} />
    </Section>
  );
}

function CallbackUrl({ url }: { url: string }) {
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(url).then(
      () => setCopied('Copied.'),
      (e: unknown) => setCopied(explain(e)),
    );
  return (
    <div class="field">
      <span class="label" id="callback-label">
        Callback URL (register it at the provider)
      </span>
      <div class="copy">
        <code aria-labelledby="callback-label" data-testid="callback-url">
          {url}
        </code>
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <span role="status">{copied}</span>
    </div>
  );
}
