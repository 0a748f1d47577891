import { describe, expect, it } from 'vitest';
import { lineOfPath, parseJsonWithLines } from './jsonLines.ts';

describe('JSON with line numbers', () => {
  const text = JSON.stringify({ fees: [{ id: 'PLATFORM-SERVICE', rateBp: -5 }], rules: [] }, null, 2);

  it('maps a validation path to the line that holds it', () => {
    const parsed = parseJsonWithLines(text);
    if (!parsed.ok) throw new Error('should parse');
    const line = lineOfPath(parsed.lines, 'fees[0].rateBp');
    expect(line).not.toBeNull();
    expect(text.split('\n')[line! - 1]).toContain('"rateBp": -5');
  });

  it('reports a syntax error with its line before anything is sent', () => {
    const broken = text.replace('"rateBp": -5', '"rateBp": ,');
    const parsed = parseJsonWithLines(broken);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(broken.split('\n')[parsed.error.line - 1]).toContain('"rateBp": ,');
  });
});
