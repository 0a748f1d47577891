import { formatYuan } from '../money/fen.ts';

/**
 * CSV for spreadsheet users (Excel, WPS): UTF-8 with a byte-order mark so Chinese opens right, CRLF
 * line ends, and cells that a spreadsheet would run as a formula (= + - @, and tab/CR that some
 * programs strip before reading one) prefixed with a single quote — CSV injection.
 */
export const CSV_BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  // A plain number (`-40.00`) is data, not a formula; anything else starting like one is disarmed.
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Integer fen as a yuan cell with two decimals (`4000` → `40.00`); empty when there is no amount. */
export function yuanCell(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '' : formatYuan(fen);
}

/** A time as Beijing time (Asia/Shanghai, UTC+8 all year), `2026-12-06 18:30:05`: what a person reads. */
export function beijingCell(at: Date | string | null | undefined): string {
  if (at === null || at === undefined) return '';
  const t = new Date(new Date(at).getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}
