/** A small seeded PRNG (mulberry32): the same seed gives the same demo data on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
    weighted: <T>(xs: readonly T[], weight: (x: T) => number): T => {
      const total = xs.reduce((s, x) => s + weight(x), 0);
      let r = next() * total;
      for (const x of xs) {
        r -= weight(x);
        if (r < 0) return x;
      }
      return xs.at(-1)!;
    },
  };
}

export type Prng = ReturnType<typeof prng>;

/** FNV-1a, to seed a PRNG from a name (a product's keys depend only on its name). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// No 0/O/1/I: keys are read aloud and typed by hand.
const KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `count` distinct plausible keys for a product, the same on every run. */
export function demoKeys(productName: string, pattern: string, count: number): string[] {
  const rnd = prng(hashString(productName));
  const keys = new Set<string>();
  while (keys.size < count) {
    keys.add(pattern.replace(/X/g, () => KEY_ALPHABET[Math.floor(rnd.next() * KEY_ALPHABET.length)]!));
  }
  return [...keys];
}
