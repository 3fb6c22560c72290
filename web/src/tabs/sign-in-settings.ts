import { api, must, type Schemas } from '../api.js';
import { useAction, useLoad } from '../ui.js';

export type SignInSettings = Schemas['SignInSettingsDto'];

/** The one sign-in settings document that SSO Settings and Global SSO Settings edit in parts. */
export function useSignInSettings() {
  const doc = useLoad(() => must(api.GET('/api/admin/sign-in-settings')));
  const action = useAction();
  const save = () =>
    action.run(async () => {
      const { backdoor, ...rest } = doc.value!;
      const { hasKey: _, key, ...door } = backdoor;
      // The key is write-only: left out, the stored key is kept.
      const body = { ...rest, backdoor: key ? { ...door, key } : door };
      doc.setValue(await must(api.PUT('/api/admin/sign-in-settings', { body })));
    });
  return { doc, action, save };
}
