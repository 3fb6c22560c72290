/** The look-and-feel document, stored through the SettingsStore under SETTINGS_KEY. */
export interface LookAndFeelSettings {
  /** A Liquid text template: `{{ provider.displayName }}`, `{{ provider.slug }}`. */
  loginButtonText: string;
  loginTemplate: string | null;
  errorTemplate: string | null;
  logoutTemplate: string | null;
  /** Replaces the default message of an error code on the error page. */
  errorMessages: Record<string, string>;
  /** Where users go after logout instead of the logout page. */
  postLogoutUrl: string | null;
  /** The applications listed on the home page (`/`), in this order. */
  homeLinks: HomeLink[];
  homeTemplate: string | null;
}

/** A link on the home page; with `groups`, shown only to members of at least one of them. */
export interface HomeLink {
  name: string;
  url: string;
  description: string | null;
  groups: string[];
}

export const LOOK_AND_FEEL_SETTINGS_KEY = 'look-and-feel';

export const DEFAULT_LOOK_AND_FEEL: Readonly<LookAndFeelSettings> = Object.freeze({
  loginButtonText: 'Log in with {{ provider.displayName }}',
  loginTemplate: null,
  errorTemplate: null,
  logoutTemplate: null,
  errorMessages: {},
  postLogoutUrl: null,
  homeLinks: [],
  homeTemplate: null,
});

/** An absolute http(s) URL, or a path on this site (`/…`, not the protocol-relative `//host`). */
export function isRedirectTarget(value: string): boolean {
  if (/[\x00-\x20\x7f\\]/.test(value)) return false;
  if (value.startsWith('/')) return !value.startsWith('//');
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
