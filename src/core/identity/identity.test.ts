import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { checkIdentityInput } from './identity-input.ts';
import { maskIdNumber, maskName, maskPhone, maskTradeNo } from './mask.ts';
import { normaliseMobile, normaliseRealName } from './person.ts';
import { isCalendarDate, parseResidentId, residentIdCheckChar } from './resident-id.ts';

const now = new Date('2026-03-01T00:00:00Z');
/** A number with a correct check character for these 17 digits. */
const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);

describe('parseResidentId (GB 11643-1999)', () => {
  it('accepts published examples, with X and a lowercase x', () => {
    // The standard's own example and a well-known X-ending one.
    expect(parseResidentId('11010519491231002X', now)).toMatchObject({ ok: true });
    expect(parseResidentId(' 11010519491231002x ', now)).toEqual({
      ok: true,
      id: { number: '11010519491231002X', region: '110105', birthDate: '19491231' },
    });
    expect(
      parseResidentId('440524198001010014'.slice(0, 17) + residentIdCheckChar('44052419800101001'), now),
    ).toMatchObject({ ok: true });
    expect(parseResidentId(withCheck('33010619900101123'), now)).toMatchObject({ ok: true });
  });

  it('computes the check character with the weights and "10X98765432"', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4'); // a textbook example
  });

  it('refuses a wrong check character', () => {
    expect(parseResidentId('110105194912310021', now)).toEqual({ ok: false, problem: 'id_checksum' });
    const good = withCheck('44052419800101001');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(parseResidentId(wrong, now)).toEqual({ ok: false, problem: 'id_checksum' });
  });

  it('refuses a birth date that does not exist, is before 1900 or after today (China time)', () => {
    for (const date of ['19990230', '19990229', '20230229', '19991301', '19990000', '18991231'])
      expect(parseResidentId(withCheck(`330106${date}123`), now), date).toEqual({
        ok: false,
        problem: 'id_birth_date',
      });
    expect(parseResidentId(withCheck('33010620000229123'), now)).toMatchObject({ ok: true });
    expect(parseResidentId(withCheck('33010619000101123'), now)).toMatchObject({ ok: true });
    // 2026-03-01 00:00 UTC is already 08:00 on 1 March in China: born today is fine, tomorrow is not.
    expect(parseResidentId(withCheck('33010620260301123'), now)).toMatchObject({ ok: true });
    expect(parseResidentId(withCheck('33010620260302123'), now)).toMatchObject({ problem: 'id_birth_date' });
  });

  it('refuses the 15-digit first-generation format by name', () => {
    expect(parseResidentId('330106900101123', now)).toEqual({ ok: false, problem: 'id_old_format' });
  });

  it('refuses other shapes as a format problem', () => {
    for (const bad of [
      '',
      '1234',
      '33010619900101123Y',
      '3301061990010112345',
      '３３０１０６１９９００１０１１２３４',
      'X30106199001011234',
      '330106199001011\u00004',
    ])
      expect(parseResidentId(bad, now), bad).toEqual({ ok: false, problem: 'id_format' });
  });

  it('refuses a region whose first two digits are no province', () => {
    for (const first of ['00', '01', '19', '20', '39', '47', '55', '66', '90', '99'])
      expect(parseResidentId(withCheck(`${first}010619900101123`), now), first).toEqual({
        ok: false,
        problem: 'id_region',
      });
  });

  it('knows the calendar', () => {
    expect(isCalendarDate('20000229')).toBe(true);
    expect(isCalendarDate('19000229')).toBe(false);
    expect(isCalendarDate('20240431')).toBe(false);
    expect(isCalendarDate('2024013')).toBe(false);
  });
});

describe('names and phones', () => {
  it('accepts Chinese names, transliterated names with a middle dot and Latin names', () => {
    expect(normaliseRealName(' 张小明 ')).toBe('张小明');
    expect(normaliseRealName('买买提•艾力')).toBe('买买提·艾力');
    expect(normaliseRealName('John Smith')).toBe('John Smith');
  });
  it('refuses names that cannot be on a card', () => {
    for (const bad of [
      '张',
      '',
      '张3',
      '张 小明',
      '·张明',
      '张明·',
      '张··明',
      '😀😀',
      'a'.repeat(31),
      'John  Smith',
      '张\u0000明',
    ])
      expect(normaliseRealName(bad), bad).toBeNull();
    expect(normaliseRealName('阿'.repeat(30))).toBe('阿'.repeat(30));
  });
  it('accepts mainland mobiles as typed, refuses others', () => {
    expect(normaliseMobile('138 1234 5678')).toBe('13812345678');
    expect(normaliseMobile('+86 138-1234-5678')).toBe('13812345678');
    expect(normaliseMobile('19912345678')).toBe('19912345678');
    for (const bad of ['12812345678', '1381234567', '138123456789', '02812345678', 'phone', ''])
      expect(normaliseMobile(bad), bad).toBeNull();
  });
});

describe('checkIdentityInput', () => {
  const good = { realName: '张小明', idNumber: withCheck('33010619900101123'), phone: '13812345678' };
  it('normalises what was typed', () => {
    expect(checkIdentityInput({ ...good, idNumber: good.idNumber.toLowerCase() }, now)).toMatchObject({
      ok: true,
      value: { realName: '张小明', phone: '13812345678', birthDate: '19900101' },
    });
  });
  it('names one distinct problem per field', () => {
    expect(checkIdentityInput({ ...good, realName: 'x' }, now)).toEqual({
      ok: false,
      problem: 'name_invalid',
    });
    expect(checkIdentityInput({ ...good, phone: '123' }, now)).toEqual({
      ok: false,
      problem: 'phone_invalid',
    });
    expect(checkIdentityInput({ ...good, idNumber: '330106900101123' }, now)).toEqual({
      ok: false,
      problem: 'id_old_format',
    });
  });
});

describe('masks', () => {
  it('shows only what recognises the data', () => {
    expect(maskIdNumber('330106199001011234')).toBe('3301**********1234');
    expect(maskName('张明')).toBe('*明');
    expect(maskName('张小明')).toBe('张*明');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskTradeNo('2026030122001412345678901234')).toBe('2026****1234');
    expect(maskTradeNo('BAL12345')).toBe('****2345');
    expect(maskTradeNo('123')).toBe('****');
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }], e: undefined })).toBe(
      '{"a":[{"c":null,"d":"x"}],"b":1}',
    );
  });
  it('is the same for the same data in any key order', () => {
    expect(canonicalJson({ x: { p: 1, q: '卡密' }, y: true })).toBe(
      canonicalJson({ y: true, x: { q: '卡密', p: 1 } }),
    );
  });
  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: () => 1 })).toThrow();
  });
});
