/**
 * What a merchant sees of the buyer (个人信息保护): enough to answer a case and ship a parcel, not
 * enough to find the person elsewhere. The surname stays, phone numbers keep their ends, an IP address
 * its network.
 */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

/** 13800138000 → 138****8000, wherever a mainland mobile number appears in the text. */
export function maskPhones(text: string): string {
  return text.replace(/(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)/g, '$1****$2');
}

/** 203.0.113.7 → 203.0.*.*; an IPv6 address keeps its first two groups. */
export function maskIp(ip: string): string {
  if (ip.includes('.') && !ip.includes(':')) {
    const parts = ip.split('.');
    return parts.length === 4 ? `${parts[0]}.${parts[1]}.*.*` : '*';
  }
  const groups = ip.split(':').filter(Boolean);
  return groups.length >= 2 ? `${groups[0]}:${groups[1]}:*` : '*';
}

/** A top-up account (phone number, game id): the first three and last four characters. */
export function maskAccount(account: string): string {
  const chars = [...account];
  if (chars.length <= 7) return `${chars[0] ?? ''}${'*'.repeat(Math.max(chars.length - 1, 0))}`;
  return `${chars.slice(0, 3).join('')}****${chars.slice(-4).join('')}`;
}
