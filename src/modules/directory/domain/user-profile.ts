/**
 * The profile fields of a directory user, declared once: the directory stores them (`users`), the
 * admin API and provisioning write them, and the user-mapping rules compare a login's claims with them.
 */
export interface UserProfile {
  readonly username: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly displayName: string | null;
}
