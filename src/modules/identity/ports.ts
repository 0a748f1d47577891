import type { SecretBox } from '../../platform/secret-box.ts';

/**
 * Real-person verification (实名核验): does this name belong to this resident ID number? A real
 * provider (Alipay 身份验证 / Aliyun 实人认证, or the public-security two-element check they resell)
 * plugs in behind this port; adapters never touch the database. `providerRef` is the provider's
 * request id, kept for disputes with the provider.
 */
export interface IdentityVerifier {
  /** Stored with the verification (`identity_verification.provider`). */
  readonly name: string;
  verify(input: { realName: string; idNumber: string }): Promise<IdentityVerdict>;
}

export type IdentityVerdict = {
  ok: boolean;
  providerRef: string | null;
  /** Why not, in the provider's words (e.g. `name_id_mismatch`); never shown to the buyer as is. */
  reason?: string;
};

/**
 * Sends a one-time code by SMS. A real gateway (Aliyun SMS, Tencent Cloud SMS…) takes a template id and
 * the code; `userId` lets the demo simulator deliver to the user's inbox instead of a phone.
 */
export interface SmsSender {
  readonly name: string;
  sendCode(input: {
    userId: number;
    phone: string;
    code: string;
    ttlMinutes: number;
  }): Promise<{ providerRef: string | null }>;
}

/** What identity verification and account records need, wired once by the composition root (app.ts). */
export type IdentityServices = {
  verifier: IdentityVerifier;
  sms: SmsSender;
  /** Seals name, ID number and phone, and keys their HMACs (not the card-key box). */
  box: SecretBox;
  /** Signs compiled account records (账户记录). */
  recordBox: SecretBox;
};
