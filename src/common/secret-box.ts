import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Seals secrets at rest with AES-256-GCM. The key is derived from SESAME_SECRET_KEY per
 * purpose, so a database dump alone reveals nothing, and a sealed value of one purpose
 * cannot be passed off as another (the purpose is the associated data).
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string | Buffer, salt = 'sesame-secret-box') {
    this.key = Buffer.from(hkdfSync('sha256', secret, salt, 'aes-256-gcm', 32));
  }

  /** Key derived from a passphrase chosen by an administrator (configuration export). */
  static fromPassphrase(passphrase: string, salt: Buffer): SecretBox {
    return new SecretBox(passphrase, salt.toString('base64'));
  }

  seal(plaintext: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Throws when the value was not sealed with this key and purpose. */
  open(sealed: string, purpose: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || !iv || body === undefined || !tag) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
