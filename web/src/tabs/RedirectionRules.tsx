import { useState } from 'preact/hooks';
import { api, must, readOnly, type Schemas } from '../api.js';
import type { TabProps } from '../main.js';
import { Check, Choice, Failure, SaveDocument, Section, Text, useDocument } from '../ui.js';

type Rule = Schemas['RedirectRuleDto'];

/** Ordered email rules that choose the provider, and a box to try them. */
export function RedirectionRules({ providers }: TabProps) {
  const doc = useDocument(
    () => must(api.GET('/api/admin/redirect-rules')),
    ({ staleRules: _, ...body }) => must(api.PUT('/api/admin/redirect-rules', { body })),
  );
  const [email, setEmail] = useState('');
  const [verdict, setVerdict] = useState<string | null>(null);
  const r = doc.value;
  if (!r) return <Failure error={doc.error} />;
  const setRules = (rules: Rule[]) => doc.set({ rules });
  const setRule = (i: number, patch: Partial<Rule>) => setRules(r.rules.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, by: number) => {
    const next = [...r.rules];
    const [moved] = next.splice(i, 1);
    next.splice(i + by, 0, moved!);
    setRules(next);
  };
  const options = providers.map((p) => [p.id, p.displayName] as const);
  const nameOf = (id: string) => providers.find((p) => p.id === id)?.displayName ?? id;
  const evaluate = async () => {
    const answer = await must(api.POST('/api/admin/redirect-rules/evaluate', { body: { email } }));
    setVerdict(answer.ok ? `${email} would go to ${nameOf(answer.providerId)} (rule “${answer.rule}”).` : answer.message);
  };
  return (
    <>
      <Section title="Redirection rules" hint="Applied in order; the first rule that matches the email chooses the provider.">
        <Check
          label="Enable email-first login (apply these rules on the login page)"
          checked={r.enabled}
          onChange={(v) => doc.set({ enabled: v })}
        />
        <ol class="rules">
          {r.rules.map((rule, i) => (
            <li key={i} class="rule">
              <Text label={`Rule ${i + 1} name`} value={rule.name} onInput={(v) => setRule(i, { name: v })} />
              <Text
                label={`Rule ${i + 1} email domains`}
                hint="Comma-separated"
                value={'emailDomains' in rule.match ? rule.match.emailDomains.join(', ') : ''}
                onInput={(v) =>
                  setRule(i, {
                    match: {
                      emailDomains: v
                        .split(',')
                        .map((s) => s.trim())
                        .filter(Boolean),
                    },
                  })
                }
              />
              <Choice
                label={`Rule ${i + 1} provider`}
                value={rule.providerId}
                options={options}
                onChange={(v) => setRule(i, { providerId: v })}
              />
              <div class="actions">
                <button type="button" disabled={i === 0} aria-label={`Move rule ${i + 1} up`} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" disabled={i === r.rules.length - 1} aria-label={`Move rule ${i + 1} down`} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" aria-label={`Delete rule ${i + 1}`} onClick={() => setRules(r.rules.filter((_, j) => j !== i))}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ol>
        <button
          type="button"
          disabled={readOnly() || providers.length === 0}
          onClick={() =>
            setRules([...r.rules, { name: `Rule ${r.rules.length + 1}`, match: { emailDomains: [] }, providerId: providers[0]!.id }])
          }
        >
          Add Rule
        </button>
        <Choice
          label="Default provider (no rule matches)"
          value={r.defaultProviderId ?? ''}
          onChange={(v) => doc.set({ defaultProviderId: v || null })}
          options={[['', '— none —'] as const, ...options]}
        />
        {r.staleRules?.length ? <p class="outcome error">Skipped (provider deleted or off): {r.staleRules.join(', ')}</p> : null}
        <SaveDocument doc={doc} />
      </Section>
      <Section title="Which provider would this email go to?" hint="Tries the saved rules; nothing is written.">
        <Text label="Email" type="email" value={email} onInput={setEmail} />
        <button type="button" onClick={() => void evaluate().catch((e: unknown) => setVerdict(String(e)))}>
          Evaluate
        </button>
        <p role="status" data-testid="evaluate-result">
          {verdict}
        </p>
      </Section>
    </>
  );
}
