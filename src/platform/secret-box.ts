import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Encryption at rest for card keys (卡密) and identity data (实名认证): AES-256-GCM with a random 96-bit
 * nonce per secret, stored as nonce ‖ tag ‖ ciphertext. `fingerprint` is an HMAC under a key derived from
 * the same secret, so duplicates are found without decrypting and without storing a plain hash of a
 * guessable value. The `purpose` label derives keys of their own for each use from one master secret:
 * an identity box cannot open a card key, and a card-key fingerprint says nothing about an ID number.
 */
/** What a box's keys are for: card keys, identity data, or signing compiled account records. */
export type SecretPurpose = 'card-key' | 'identity' | 'account-record';

export class SecretBox {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: Buffer, purpose: SecretPurpose = 'card-key') {
    if (secret.length !== 32) throw new Error('the card-key secret must be 32 bytes');
    this.encKey = createHmac('sha256', secret).update(`kameng:${purpose}:enc`).digest();
    this.macKey = createHmac('sha256', secret).update(`kameng:${purpose}:mac`).digest();
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
export async function loadSecretBox(
  configured: string | undefined,
  dataDir: string,
  purpose: SecretPurpose = 'card-key',
): Promise<SecretBox> {
  return new SecretBox(await loadMasterSecret(configured, dataDir), purpose);
}

async function loadMasterSecret(configured: string | undefined, dataDir: string): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'base64');
  const file = path.join(dataDir, 'keys', 'card-key.secret');
  if (!existsSync(file)) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 }).catch((err) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await chmod(file, 0o600);
  }
  return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
}
