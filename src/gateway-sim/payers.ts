import { randomInt } from 'node:crypto';
import { buyerPersona, type DemoPayer, demoPayer } from '../modules/payments/demo-payers.ts';
import type { SimState, SimTrade } from './state.ts';

/**
 * The one account the simulator paid from before it had personas: trades in books written then show
 * it, so their replies and notifications keep saying what they said.
 */
export const LEGACY_PAYER: DemoPayer = {
  persona: 'legacy',
  alipayUserId: '2088102177846880',
  alipayOpenId: demoPayer('legacy').alipayOpenId,
  alipayLogonId: '159****5620',
  openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
};

export const payerOfTrade = (trade: SimTrade): DemoPayer => trade.payer ?? LEGACY_PAYER;

/** `{"buyerId": N}`, as the buyer's side of the simulator names the paying Kameng buyer → N (else null). */
export function buyerIdOf(body: unknown): number | null {
  let v: unknown;
  try {
    v =
      typeof body === 'string' && body !== ''
        ? (JSON.parse(body) as { buyerId?: unknown }).buyerId
        : undefined;
  } catch {
    return null;
  }
  return Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : null;
}

/** Unused 付款码 kept at most; the oldest go first (a real one expires within a minute anyway). */
const MAX_OPEN_CODES = 10_000;

/**
 * Who pays at the simulator. Each Kameng buyer pays from an account of their own (persona
 * `buyer-<id>`) unless set to pay as another persona — several buyers set to one persona are an abuse
 * ring: one Alipay account / one WeChat openid behind many Kameng accounts. The settings are kept with
 * the books; the personas' ids are derived from their names, so a restart pays as the same accounts.
 */
export class PayerBook {
  /** Issued 付款码 → the persona whose app showed it; one use each. */
  private readonly codes = new Map<string, string>();

  constructor(private readonly state: SimState) {}

  personaOf(buyerId: number): string {
    return this.state.personaOverride(buyerId) ?? buyerPersona(buyerId);
  }

  /** Buyer `buyerId` pays as `persona` from now on; null: as themselves again. */
  payAs(buyerId: number, persona: string | null): void {
    this.state.setPersonaOverride(buyerId, persona === buyerPersona(buyerId) ? null : persona);
  }

  /** The 付款码 buyer `buyerId`'s Alipay app shows now: 18 digits starting 28, good for one payment. */
  issueAuthCode(buyerId: number): { authCode: string; persona: string } {
    const persona = this.personaOf(buyerId);
    let authCode: string;
    do authCode = `28${Array.from({ length: 16 }, () => randomInt(10)).join('')}`;
    while (this.codes.has(authCode));
    if (this.codes.size >= MAX_OPEN_CODES) this.codes.delete(this.codes.keys().next().value!);
    this.codes.set(authCode, persona);
    return { authCode, persona };
  }

  /**
   * The payer behind a 付款码, which is used up. A code the simulator did not issue (a test's own, or
   * one issued before a restart) is some Alipay user it does not know: a persona of its own.
   */
  takeAuthCode(authCode: string): DemoPayer {
    const persona = this.codes.get(authCode) ?? `code-${authCode}`;
    this.codes.delete(authCode);
    return demoPayer(persona);
  }

  clear(): void {
    this.codes.clear();
  }
}
