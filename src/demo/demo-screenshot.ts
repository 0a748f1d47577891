import sharp from 'sharp';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * A phone screenshot of an order page, drawn with sharp (SVG text through fontconfig): for the demo's
 * evidence and for tests — cheap, unlike a browser. Lines go top to bottom on a 780×1200 page.
 */
export function orderScreenshot(
  lines: string[],
  opts: { title?: string; width?: number } = {},
): Promise<Buffer> {
  const w = opts.width ?? 780;
  const rows = lines
    .map((l, i) => `<text x="40" y="${190 + i * 64}" font-size="32" fill="#222">${esc(l)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="1200">
    <rect width="100%" height="100%" fill="#f5f5f5"/>
    <rect width="100%" height="100" fill="#1677ff"/>
    <text x="30" y="64" font-size="36" fill="#fff" font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif">${esc(opts.title ?? '订单详情')}</text>
    <rect x="20" y="120" width="${w - 40}" height="${lines.length * 64 + 60}" fill="#fff"/>
    <g font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif">${rows}</g>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
