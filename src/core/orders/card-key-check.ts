/**
 * What cannot be a card key. A key file is pasted by hand or exported from a supplier's system; a
 * line that is a header, a stray word, a key with a space typed into it or a key for another product
 * would be sold to a buyer as a key that does not work. Such lines are refused, each with a reason.
 */
export type KeyRefusal = 'too_short' | 'too_long' | 'whitespace' | 'control' | 'format';

export const KEY_MIN_LENGTH = 6;
export const KEY_MAX_LENGTH = 200;

export const KEY_REFUSAL_TEXT: Record<KeyRefusal, { zh: string; en: string }> = {
  too_short: {
    zh: `太短（卡密至少 ${KEY_MIN_LENGTH} 个字符）`,
    en: `Too short (a key has at least ${KEY_MIN_LENGTH} characters)`,
  },
  too_long: {
    zh: `太长（卡密最多 ${KEY_MAX_LENGTH} 个字符）`,
    en: `Too long (a key has at most ${KEY_MAX_LENGTH} characters)`,
  },
  whitespace: { zh: '中间含有空格', en: 'Has a space inside' },
  control: { zh: '含有不可见的控制字符', en: 'Has invisible control characters' },
  format: { zh: '与本商品的卡密格式不符', en: "Does not match this product's key format" },
};

/**
 * A product's key format (卡密格式), e.g. `XXXX-XXXX-XXXX` or `AA99999999`: `A` a letter, `9` a digit,
 * `X` a letter or a digit, and the separators `-_.:#/` as themselves. Deliberately not a regular
 * expression: a merchant can write it, and no input can make checking it slow.
 */
export const KEY_FORMAT_SYNTAX = /^[A9X\-_.:#/]{4,64}$/;

export function isKeyFormat(format: string): boolean {
  return KEY_FORMAT_SYNTAX.test(format) && /[A9X]/.test(format);
}

function matchesFormat(key: string, format: string): boolean {
  if (key.length !== format.length) return false;
  for (let i = 0; i < format.length; i++) {
    const f = format[i] as string;
    const c = key[i] as string;
    const ok =
      f === 'A'
        ? /[A-Za-z]/.test(c)
        : f === '9'
          ? /[0-9]/.test(c)
          : f === 'X'
            ? /[A-Za-z0-9]/.test(c)
            : f === c;
    if (!ok) return false;
  }
  return true;
}

/** Why `key` (one normalised line) cannot be a key of a product with `format`, or null if it can. */
export function checkCardKey(key: string, format: string | null): KeyRefusal | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'control';
  if (/\s/.test(key)) return 'whitespace';
  if (key.length < KEY_MIN_LENGTH) return 'too_short';
  if (key.length > KEY_MAX_LENGTH) return 'too_long';
  if (format && !matchesFormat(key, format)) return 'format';
  return null;
}
