import { api, must, type Schemas } from '../api.js';
import { useDocument } from '../ui.js';

export type SignInSettings = Schemas['SignInSettingsDto'];

/** The one sign-in settings document that SSO Settings and Global SSO Settings edit in parts. */
export function useSignInSettings() {
  return useDocument(
    () => must(api.GET('/api/admin/sign-in-settings')),
    ({ backdoor, ...rest }) => {
      const { hasKey: _, key, ...door } = backdoor;
      // The key is write-only: left out, the stored key is kept.
      return must(api.PUT('/api/admin/sign-in-settings', { body: { ...rest, backdoor: key ? { ...door, key } : door } }));
    },
  );
}
