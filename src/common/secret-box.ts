import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Sealed before key rotation existed: `v1.iv.body.tag`, no key id; still opened with any key of the ring. */
const LEGACY_VERSION = 'v1';
/** `v2.keyId.iv.body.tag`: the key id says which key of the ring opens it. */
const VERSION = 'v2';
const DEFAULT_SALT = 'sesame-secret-box';

/** One key of the ring: the AES key, and values derived from the secret with purposes of their own. */
class SealingKey {
  readonly aes: Buffer;
  /** Names the key in sealed values; an HKDF output of its own purpose, so it reveals nothing of the AES key. */
  readonly id: string;
  /** Stored in the database to recognise the key at start-up, without storing anything that opens a value. */
  readonly checkValue: string;

  constructor(secret: string | Buffer, salt: string) {
    this.aes = Buffer.from(hkdfSync('sha256', secret, salt, 'aes-256-gcm', 32));
    this.id = Buffer.from(hkdfSync('sha256', secret, salt, 'key-id', 6)).toString('base64url');
    const checkKey = Buffer.from(hkdfSync('sha256', secret, salt, 'key-check', 32));
    this.checkValue = createHmac('sha256', checkKey).update('sesame secret key check').digest('base64url');
  }
}

/**
 * Seals secrets at rest with AES-256-GCM. The key is derived from SESAME_SECRET_KEY per
 * purpose, so a database dump alone reveals nothing, and a sealed value of one purpose
 * cannot be passed off as another (the purpose is the associated data).
 *
 * A key ring: sealing always uses the current key; opening also accepts the previous keys
 * (SESAME_SECRET_KEY_PREVIOUS), so a key can be rotated while values are re-sealed.
 */
export class SecretBox {
  private readonly current: SealingKey;
  private readonly previous: readonly SealingKey[];
  private readonly keyIds: boolean;

  constructor(secret: string | Buffer, previous: readonly string[] = [], options: { salt?: string; keyIds?: boolean } = {}) {
    const salt = options.salt ?? DEFAULT_SALT;
    this.current = new SealingKey(secret, salt);
    this.previous = previous.map((key) => new SealingKey(key, salt)).filter((key) => key.id !== this.current.id);
    this.keyIds = options.keyIds ?? true;
  }

  /**
   * Key derived from a passphrase chosen by an administrator (configuration export). One key,
   * never rotated: it seals in the v1 format, which every Sesame version can import.
   */
  static fromPassphrase(passphrase: string, salt: Buffer): SecretBox {
    return new SecretBox(passphrase, [], { salt: salt.toString('base64'), keyIds: false });
  }

  /** The check value of the current key. */
  get checkValue(): string {
    return this.current.checkValue;
  }

  /** The check values of the previous keys, in the order they were given. */
  get previousCheckValues(): readonly string[] {
    return this.previous.map((key) => key.checkValue);
  }

  get hasPreviousKeys(): boolean {
    return this.previous.length > 0;
  }

  /** Every value sealed with the current key starts with this. */
  get currentPrefix(): string {
    return this.keyIds ? `${VERSION}.${this.current.id}.` : `${LEGACY_VERSION}.`;
  }

  seal(plaintext: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.aes, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = [iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url'));
    return (this.keyIds ? [VERSION, this.current.id, ...sealed] : [LEGACY_VERSION, ...sealed]).join('.');
  }

  /** Throws when the value was not sealed with a key of the ring and this purpose. */
  open(sealed: string, purpose: string): string {
    const parts = sealed.split('.');
    if (parts[0] === VERSION && parts.length === 5) {
      const [, keyId, iv, body, tag] = parts as [string, string, string, string, string];
      const key = this.keys().find((k) => k.id === keyId);
      if (!key) throw new Error('sealed with a key that is neither SESAME_SECRET_KEY nor in SESAME_SECRET_KEY_PREVIOUS');
      return decrypt(key, iv, body, tag, purpose);
    }
    if (parts[0] === LEGACY_VERSION && parts.length === 4) {
      const [, iv, body, tag] = parts as [string, string, string, string];
      let failure: unknown;
      for (const key of this.keys()) {
        try {
          return decrypt(key, iv, body, tag, purpose);
        } catch (error) {
          failure = error;
        }
      }
      throw failure;
    }
    throw new Error('not a sealed value');
  }

  /** The value sealed with the current key, or null when it already is. Throws when no key opens it. */
  reseal(sealed: string, purpose: string): string | null {
    if (sealed.startsWith(this.currentPrefix)) return null;
    return this.seal(this.open(sealed, purpose), purpose);
  }

  private keys(): readonly SealingKey[] {
    return [this.current, ...this.previous];
  }
}

function decrypt(key: SealingKey, iv: string, body: string, tag: string, purpose: string): string {
  const authTag = Buffer.from(tag, 'base64url');
  // GCM would accept a shortened tag, which is easier to forge: only the full 16 bytes count.
  if (!iv || authTag.length !== 16) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key.aes, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(authTag);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
