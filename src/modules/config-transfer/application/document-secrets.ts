import { randomBytes } from 'node:crypto';
import { DomainError } from '../../../common/domain-error.js';
import { SecretBox } from '../../../common/secret-box.js';

export const PASSPHRASE_HEADER = 'x-sesame-passphrase';
export const MIN_PASSPHRASE_LENGTH = 12;
const SALT_BYTES = 16;

/** Each sealed value is bound to its place, so one cannot be moved to another provider in the document. */
export const clientSecretPurpose = (slug: string) => `sesame-config:provider:${slug}:client-secret`;
export const BACKDOOR_KEY_PURPOSE = 'sesame-config:sign-in:backdoor-key';

/**
 * Secrets in a configuration document, sealed with a key derived from the administrator's
 * passphrase (not SESAME_SECRET_KEY, which the other instance does not share) and a random
 * salt that travels in the document.
 */
export class DocumentSecrets {
  private constructor(
    private readonly box: SecretBox,
    readonly salt: string,
  ) {}

  static forExport(passphrase: string): DocumentSecrets {
    const salt = randomBytes(SALT_BYTES);
    return new DocumentSecrets(SecretBox.fromPassphrase(passphrase, salt), salt.toString('base64'));
  }

  static forImport(passphrase: string, salt: string): DocumentSecrets {
    return new DocumentSecrets(SecretBox.fromPassphrase(passphrase, Buffer.from(salt, 'base64')), salt);
  }

  seal(value: string, purpose: string): string {
    return this.box.seal(value, purpose);
  }

  /** null when the value was sealed with another passphrase or for another place, or was altered. */
  open(sealed: string, purpose: string): string | null {
    try {
      return this.box.open(sealed, purpose);
    } catch {
      return null;
    }
  }
}

/** The passphrase from its header: absent is fine (undefined), too short is refused. */
export function readPassphrase(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const passphrase = Array.isArray(header) ? header[0] : header;
  if (passphrase === undefined || passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new DomainError('VALIDATION_FAILED', `X-Sesame-Passphrase: must be at least ${MIN_PASSPHRASE_LENGTH} characters`, {
      errors: [{ field: 'X-Sesame-Passphrase', reason: `must be at least ${MIN_PASSPHRASE_LENGTH} characters` }],
    });
  }
  return passphrase;
}
