import type { TabProps } from '../main.js';
import { Check, Choice, Failure, ListField, NumberField, SaveDocument, Section, Text } from '../ui.js';
import { useSignInSettings } from './sign-in-settings.js';

/** Auto-redirect and its delay, the backdoor login, allowed email domains. */
export function SsoSettings({ providers }: TabProps) {
  const doc = useSignInSettings();
  const { value: s, set } = doc;
  if (!s) return <Failure error={doc.error} />;
  const domains = Array.isArray(s.allowedEmailDomains) ? s.allowedEmailDomains : s.allowedEmailDomains.split(';');
  return (
    <>
      <Section title="Auto-redirect" hint="Sends the login page straight to one provider; /login?sso=false skips it.">
        <Check
          label="Enable auto-redirect to provider"
          checked={s.autoRedirect.enabled}
          onChange={(v) => set({ autoRedirect: { ...s.autoRedirect, enabled: v } })}
        />
        <Choice
          label="Provider"
          value={s.autoRedirect.providerId ?? ''}
          onChange={(v) => set({ autoRedirect: { ...s.autoRedirect, providerId: v || null } })}
          options={[['', '— none —'] as const, ...providers.map((p) => [p.id, p.displayName] as const)]}
        />
        <NumberField
          label="Delay before redirect (seconds)"
          min={0}
          max={60}
          value={s.autoRedirect.delaySeconds}
          onInput={(v) => set({ autoRedirect: { ...s.autoRedirect, delaySeconds: v } })}
        />
      </Section>
      <Section title="Backdoor login" hint="Emergency local login at /backdoor when the provider fails.">
        <Check
          label="Enable backdoor login"
          checked={s.backdoor.enabled}
          onChange={(v) => set({ backdoor: { ...s.backdoor, enabled: v } })}
        />
        <Text
          label={s.backdoor.hasKey ? 'Backdoor key (set — type to replace)' : 'Backdoor key'}
          type="password"
          value={s.backdoor.key ?? ''}
          hint="Write-only; at least 16 of A–Z a–z 0–9 - _. With a key only /backdoor?key=… opens it."
          onInput={(v) => set({ backdoor: { ...s.backdoor, key: v || undefined } })}
        />
        <ListField
          label="Restrict backdoor to groups"
          value={s.backdoor.allowedGroups}
          onInput={(v) => set({ backdoor: { ...s.backdoor, allowedGroups: v } })}
          hint="Empty: any local user with a password"
        />
      </Section>
      <Section title="Domain restriction">
        <ListField
          label="Allowed email domains"
          hint="One per line; empty lets every domain in"
          value={domains}
          onInput={(v) => set({ allowedEmailDomains: v })}
        />
        <SaveDocument doc={doc} />
      </Section>
    </>
  );
}
