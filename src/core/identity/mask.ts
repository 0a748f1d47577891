/** What a person, a log line or a reviewer may see of identity data: enough to recognise it, not to use it. */

/** `330106199001011234` → `3301**********1234` (first 4, last 4). */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(id.length - 8, 0))}${id.slice(-4)}`;
}

/** `张明` → `*明`; `张小明` → `张*明`; `欧阳小明` → `欧**明`; Latin names keep first and last letter. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 2) return `*${chars.at(-1) ?? ''}`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/**
 * A payment channel's trade number in an exported record: the first and last four characters of a
 * long one, only the last four of a short one.
 */
export function maskTradeNo(tradeNo: string): string {
  if (tradeNo.length >= 12) return `${tradeNo.slice(0, 4)}****${tradeNo.slice(-4)}`;
  if (tradeNo.length > 4) return `****${tradeNo.slice(-4)}`;
  return '****';
}
