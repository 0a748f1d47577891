/**
 * The network a client address belongs to, as risk control links accounts by it: an IPv4 /24 or an
 * IPv6 /48. Addresses that say nothing about who the client is — loopback, private and link-local
 * ranges (a proxy's own side, an office LAN), unspecified — give null: linking every buyer behind
 * 127.0.0.1 would flag them all.
 */
export function networkOf(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(ip.trim());
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    if ([a, b, c, d].some((x) => x > 255)) return null;
    if (a === 0 || a === 10 || a === 127 || a >= 224) return null;
    if ((a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254))
      return null;
    if (a === 100 && b >= 64 && b <= 127) return null; // carrier-grade NAT's inside
    return `${a}.${b}.${c}.0/24`;
  }
  if (!/^[0-9a-f:]+$/i.test(ip) || !ip.includes(':')) return null;
  const groups = expandV6(ip.toLowerCase());
  if (!groups) return null;
  const first = Number.parseInt(groups[0]!, 16);
  if (groups.every((g) => g === '0')) return null; // :: and ::1 both start with zeros
  if (groups.slice(0, 7).every((g) => g === '0')) return null;
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return null; // ULA, link-local
  return `${groups.slice(0, 3).join(':')}::/48`;
}

function expandV6(ip: string): string[] | null {
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => Number.parseInt(g, 16).toString(16));
}
