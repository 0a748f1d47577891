const MAX_NAME = 200;

/**
 * A file name fit to show and to put in a Content-Disposition header: the last path segment only, no
 * control or bidi-override characters (which can disguise `gpj.exe` as `exe.jpg`), at most 200
 * characters. The name is display only — it never decides the type or a storage path.
 */
export function cleanFileName(name: string | null | undefined, fallback = 'file'): string {
  const last = (name ?? '').split(/[/\\]/).pop() ?? '';
  const clean = last
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  if (!clean || clean === '.' || clean === '..') return fallback;
  return [...clean].slice(0, MAX_NAME).join('');
}

/** ASCII-only stand-in for the `filename=` parameter; the real name goes in `filename*` (RFC 6266). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
