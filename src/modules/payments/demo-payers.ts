import { createHash } from 'node:crypto';

/**
 * The simulated payer accounts of the demo (支付宝 user id, masked logon id, 微信 openid), shared by
 * the gateway simulator, which pays as them, and the bulk seed, which writes what they would have paid.
 *
 * A persona is a name. `buyer-<id>` is the account Kameng buyer <id> pays from unless told otherwise:
 * its ids are a permutation of the buyer id, so no two buyers ever share one by accident (a hash would
 * collide — at a million buyers, likely — and link honest strangers). Any other name (`ring-1`) is an
 * account several buyers can be set to share; its ids come from a hash of the name, in a range
 * (2088 9…) buyers' own accounts (2088 1…) never use.
 */
export type DemoPayer = {
  persona: string;
  /** buyer_user_id: 2088 and 12 digits. */
  alipayUserId: string;
  /** buyer_open_id, what an app on Alipay's openid standard sees instead: 47 characters starting 0. */
  alipayOpenId: string;
  /** buyer_logon_id, masked as Alipay shows it (a phone number: 138****1234). */
  alipayLogonId: string;
  /** payer.openid: 28 characters. */
  openid: string;
};

export const PERSONA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const buyerPersona = (buyerId: number): string => `buyer-${buyerId}`;

const SPACE = 10n ** 11n;
// MUL is coprime to 10, so n ↦ (n·MUL + ADD) mod 10¹¹ is a bijection on 0 … 10¹¹−1.
const MUL = 73_291_563_457n;
const ADD = 20_480_917_331n;
const BUYER = /^buyer-([1-9]\d{0,10})$/;

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');
/** 43 characters of [A-Za-z0-9_-]. */
const sha256url = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64url');

export function demoPayer(persona: string): DemoPayer {
  const own = BUYER.exec(persona);
  const hash = md5(persona);
  const n = own ? (BigInt(own[1]!) * MUL + ADD) % SPACE : BigInt(`0x${hash.slice(0, 15)}`) % SPACE;
  const digits = n.toString().padStart(11, '0');
  return {
    persona,
    alipayUserId: `2088${own ? '1' : '9'}${digits}`,
    alipayOpenId: `0${digits.slice(0, 3)}${sha256url(`alipay-open:${persona}`)}`,
    alipayLogonId: `13${digits[0]}****${digits.slice(-4)}`,
    openid: `o${digits}${hash.slice(0, 16)}`,
  };
}

/**
 * SQL for the payer account of the buyer whose id is the SQL expression `buyerId`, paying by `channel`
 * from their own persona: the same value as demoPayer(buyerPersona(id)), for bulk inserts.
 */
export function demoPayerSql(channel: 'alipay' | 'wechatpay', buyerId: string): string {
  const digits = `lpad((((${buyerId})::numeric * ${MUL} + ${ADD}) % ${SPACE})::text, 11, '0')`;
  return channel === 'alipay'
    ? `('20881' || ${digits})`
    : `('o' || ${digits} || substr(md5('buyer-' || (${buyerId})::text), 1, 16))`;
}
