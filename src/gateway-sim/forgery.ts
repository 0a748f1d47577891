import { generateKeyPairSync } from 'node:crypto';

let forgeryKey: string | undefined;

/** A key nobody trusts: forged notifications are signed with it (made once per process). */
export function attackerKey(): string {
  forgeryKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  return forgeryKey;
}
