import { api, must } from '../api.js';
import type { TabProps } from '../main.js';
import { Check, Choice, Failure, SaveDocument, Section, Text, useDocument } from '../ui.js';
import { ProviderPicker } from './ProviderPicker.js';

/** Which attribute is the username, email and names; matching and creating users. */
export function UserProfile(props: TabProps) {
  const id = props.provider?.id ?? '';
  const path = { idOrSlug: id };
  const mapping = useDocument(
    async () => (id ? must(api.GET('/api/admin/providers/{idOrSlug}/user-mapping', { params: { path } })) : null),
    (body) => must(api.PUT('/api/admin/providers/{idOrSlug}/user-mapping', { params: { path }, body })),
    [id],
  );
  const { value: m, set } = mapping;
  if (!m)
    return (
      <>
        <ProviderPicker {...props} />
        <Failure error={mapping.error} />
      </>
    );
  return (
    <>
      <ProviderPicker {...props} />
      <Section title="User Profile" hint="Attribute names as the Test Configuration shows them (dots for nested claims).">
        <Text label="Username attribute" value={m.usernameAttribute} onInput={(v) => set({ usernameAttribute: v })} />
        <Text label="Email attribute" value={m.emailAttribute} onInput={(v) => set({ emailAttribute: v })} />
        <Text label="First name attribute" value={m.firstNameAttribute} onInput={(v) => set({ firstNameAttribute: v })} />
        <Text label="Last name attribute" value={m.lastNameAttribute} onInput={(v) => set({ lastNameAttribute: v })} />
        <Text
          label="Display name attribute"
          hint="Empty: first and last name joined"
          value={m.displayNameAttribute ?? ''}
          onInput={(v) => set({ displayNameAttribute: v || null })}
        />
        <Choice
          label="Login/search user account by"
          value={m.matchBy}
          options={
            [
              ['username', 'Username'],
              ['email', 'Email'],
            ] as const
          }
          onChange={(v) => set({ matchBy: v })}
        />
        <Check label="Allow user creation" checked={m.allowUserCreation} onChange={(v) => set({ allowUserCreation: v })} />
        <Check
          label="Update user profile on every login"
          hint="Off: a read-only directory keeps its profiles"
          checked={m.updateProfileOnLogin}
          onChange={(v) => set({ updateProfileOnLogin: v })}
        />
        <Check label="Trust the email as verified" checked={m.trustEmail} onChange={(v) => set({ trustEmail: v })} />
        <Check label="Update the username on login" checked={m.updateUsernameOnLogin} onChange={(v) => set({ updateUsernameOnLogin: v })} />
        <Choice
          label="When the provider's subject changes (provider rebuilt)"
          value={m.relinkOnSubjectChange}
          onChange={(v) => set({ relinkOnSubjectChange: v })}
          options={
            [
              ['off', 'Refuse the login'],
              ['verified-email', 'Re-link the account with the same verified email'],
              ['username', 'Re-link the account with the same username'],
            ] as const
          }
        />
        <SaveDocument doc={mapping} />
      </Section>
    </>
  );
}
