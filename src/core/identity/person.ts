/**
 * A real name as written on the ID card: 2–30 characters of Chinese (Han) script, Latin letters, the
 * middle dot of transliterated names (买买提·艾力) and single spaces between Latin words. Anything else
 * (digits, emoji, punctuation) cannot be on a card and is refused before the provider is asked.
 */
export function normaliseRealName(input: string): string | null {
  // The middle dot comes in several look-alikes from different input methods; the card has one.
  const name = input.trim().replace(/[\u2022\u30fb\u2027\uff0e\u00b7]/g, '·');
  const length = [...name].length;
  if (length < 2 || length > 30) return null;
  if (!/^[\p{Script=Han}A-Za-z·]+(?: [A-Za-z·]+)*$/u.test(name)) return null;
  if (name.startsWith('·') || name.endsWith('·') || name.includes('··')) return null;
  return name;
}

/**
 * A mainland mobile number (1[3-9] and nine digits), as typed: spaces, dashes and a +86 / 0086 prefix
 * are forgiven. Returns the 11 digits, or null.
 */
export function normaliseMobile(input: string): string | null {
  const digits = input
    .trim()
    .replace(/[\s-]/g, '')
    .replace(/^(?:\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
