import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Encryption at rest for card keys (卡密): AES-256-GCM with a random 96-bit nonce per secret, stored as
 * nonce ‖ tag ‖ ciphertext. `fingerprint` is an HMAC under a key derived from the same secret, so
 * duplicates are found without decrypting and without storing a plain hash of a guessable key.
 */
export class SecretBox {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: Buffer) {
    if (secret.length !== 32) throw new Error('the card-key secret must be 32 bytes');
    this.encKey = createHmac('sha256', secret).update('kameng:card-key:enc').digest();
    this.macKey = createHmac('sha256', secret).update('kameng:card-key:mac').digest();
  }

  seal(plaintext: string): Buffer {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, nonce);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }

  fingerprint(plaintext: string): string {
    return createHmac('sha256', this.macKey).update(plaintext).digest('base64url');
  }
}

/**
 * The secret from config, or the one generated on first start into `<dataDir>/keys/card-key.secret`
 * (mode 600). Losing that file makes the stored keys unreadable: back it up with the database.
 */
export async function loadSecretBox(configured: string | undefined, dataDir: string): Promise<SecretBox> {
  if (configured) return new SecretBox(Buffer.from(configured, 'base64'));
  const file = path.join(dataDir, 'keys', 'card-key.secret');
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 }).catch((err) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await chmod(file, 0o600);
  }
  return new SecretBox(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64'));
}
