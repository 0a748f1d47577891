import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  it('round-trips, with a different ciphertext every time', () => {
    const a = box.seal('CARD-1234-5678');
    const b = box.seal('CARD-1234-5678');
    expect(a.equals(b)).toBe(false);
    expect(box.open(a)).toBe('CARD-1234-5678');
    expect(a.toString('utf8')).not.toContain('CARD');
  });
  it('detects tampering', () => {
    const sealed = box.seal('secret');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => box.open(sealed)).toThrow();
  });
  it('fingerprints deterministically per key, differently across keys', () => {
    expect(box.fingerprint('x')).toBe(box.fingerprint('x'));
    expect(new SecretBox(randomBytes(32)).fingerprint('x')).not.toBe(box.fingerprint('x'));
  });
  it('derives separate keys per purpose from one secret (card keys unchanged)', () => {
    const secret = randomBytes(32);
    const cards = new SecretBox(secret);
    const identity = new SecretBox(secret, 'identity');
    expect(new SecretBox(secret, 'card-key').open(cards.seal('k'))).toBe('k');
    expect(() => identity.open(cards.seal('k'))).toThrow();
    expect(identity.fingerprint('x')).not.toBe(cards.fingerprint('x'));
  });
});
