import { describe, expect, it } from 'vitest';
import { likeContains, likePrefix, parseCaseSearch } from './case-search.ts';
import { beijingCell, csvCell, csvLine, yuanCell } from './csv.ts';

describe('parseCaseSearch', () => {
  it('reads refund numbers, order numbers, buyer ids and text by shape', () => {
    expect(parseCaseSearch('r26112500000012')).toEqual({ kind: 'refundNo', refundNo: 'R26112500000012' });
    expect(parseCaseSearch(' 261125 0000001 2 ')).toEqual({ kind: 'orderNo', orderNo: '26112500000012' });
    expect(parseCaseSearch('#42')).toEqual({ kind: 'buyerId', buyerId: 42 });
    expect(parseCaseSearch('42')).toEqual({ kind: 'buyerId', buyerId: 42 });
    expect(parseCaseSearch('demo-buyer')).toEqual({ kind: 'text', text: 'demo-buyer' });
    expect(parseCaseSearch('  ')).toBeNull();
    expect(parseCaseSearch(undefined)).toBeNull();
  });
  it('escapes LIKE wildcards', () => {
    expect(likePrefix('a_b%c\\')).toBe('a\\_b\\%c\\\\%');
    expect(likeContains('点卡')).toBe('%点卡%');
  });
});

describe('csv', () => {
  it('disarms formulas but keeps plain numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('-40.00')).toBe('-40.00');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
  });
  it('quotes commas, quotes and line breaks, and ends lines with CRLF', () => {
    expect(csvLine(['a,b', 'c"d', 'e\nf'])).toBe('"a,b","c""d","e\nf"\r\n');
  });
  it('writes yuan with two decimals', () => {
    expect(yuanCell(4000)).toBe('40.00');
    expect(yuanCell(-5)).toBe('-0.05');
    expect(yuanCell(null)).toBe('');
  });
});

describe('beijingCell', () => {
  it('writes Beijing time', () => {
    expect(beijingCell('2026-12-06T16:30:05.123Z')).toBe('2026-12-07 00:30:05');
  });
});
