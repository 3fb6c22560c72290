import { Check, Failure, ListField, NumberField, SaveDocument, Section } from '../ui.js';
import { useSignInSettings } from './sign-in-settings.js';

/** The global switch, sessions and remember-me, password change, who administers Sesame. */
export function GlobalSsoSettings() {
  const doc = useSignInSettings();
  const { value: s, set } = doc;
  if (!s) return <Failure error={doc.error} />;
  const session = s.session;
  const admins = s.adminGroups ?? { admin: [], readOnly: [] };
  return (
    <>
      <Section title="Single sign-on">
        <Check
          label="Enable SSO"
          hint="Off leaves only the backdoor login. Sesame refuses to turn it off while no administrator could still sign in."
          checked={s.ssoEnabled}
          onChange={(v) => set({ ssoEnabled: v })}
        />
        <Check
          label="Allow local users to change their password"
          checked={s.allowPasswordChange}
          onChange={(v) => set({ allowPasswordChange: v })}
        />
      </Section>
      <Section title="Sessions">
        <NumberField
          label="Idle timeout (minutes)"
          min={1}
          value={session.idleTimeoutMinutes}
          onInput={(v) => set({ session: { ...session, idleTimeoutMinutes: v } })}
        />
        <NumberField
          label="Absolute timeout (hours)"
          min={1}
          value={session.absoluteTimeoutHours}
          onInput={(v) => set({ session: { ...session, absoluteTimeoutHours: v } })}
        />
        <Check
          label="Enable remember me"
          checked={session.rememberMe.enabled}
          onChange={(v) => set({ session: { ...session, rememberMe: { ...session.rememberMe, enabled: v } } })}
        />
        <NumberField
          label="Remember me for (days)"
          min={1}
          max={365}
          value={session.rememberMe.days}
          onInput={(v) => set({ session: { ...session, rememberMe: { ...session.rememberMe, days: v } } })}
        />
      </Section>
      <Section title="Administrators" hint="Members of these groups use this console; API tokens are for automation.">
        <ListField label="Admin groups" value={admins.admin} onInput={(v) => set({ adminGroups: { ...admins, admin: v } })} />
        <ListField
          label="Read-only admin groups"
          value={admins.readOnly}
          onInput={(v) => set({ adminGroups: { ...admins, readOnly: v } })}
        />
        <NumberField
          label="Sign in again before changes after (minutes)"
          min={1}
          value={s.adminSession?.reauthenticateAfterMinutes ?? 60}
          onInput={(v) => set({ adminSession: { reauthenticateAfterMinutes: v } })}
        />
        <ListField
          label="Admin API networks"
          hint="CIDR ranges the admin API accepts (empty: anywhere)"
          value={s.apiAccess.allowedCidrs}
          onInput={(v) => set({ apiAccess: { allowedCidrs: v } })}
        />
        <SaveDocument doc={doc} />
      </Section>
    </>
  );
}
