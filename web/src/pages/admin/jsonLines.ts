/**
 * JSON text ↔ line numbers for the policy editor: where each value sits (so a server issue at
 * `fees[0].rateBp` can be marked on its line) and where a syntax error is (so it is reported before
 * any request). A small hand-written scanner, because JSON.parse tells neither.
 */

export type JsonErrorCode =
  | 'unexpected_char'
  | 'unexpected_end'
  | 'expected_key'
  | 'expected_colon'
  | 'expected_comma_or_brace'
  | 'expected_comma_or_bracket'
  | 'unterminated_string'
  | 'bad_string'
  | 'bad_number'
  | 'trailing'
  | 'unknown';

export interface JsonSyntaxError {
  code: JsonErrorCode;
  line: number;
  column: number;
  /** The character found where the error is, if any. */
  char: string;
}

export type ParsedJson =
  | { ok: true; value: unknown; lines: Map<string, number> }
  | { ok: false; error: JsonSyntaxError };

class ScanError extends Error {
  constructor(readonly detail: JsonSyntaxError) {
    super(detail.code);
  }
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Walks the text once, recording the line of every path in the issue format (`a.b[0].c`). */
class Scanner {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  readonly lines = new Map<string, number>();

  constructor(private readonly text: string) {}

  run(): void {
    this.value('');
    this.space();
    if (this.pos < this.text.length) this.fail('trailing');
  }

  private fail(code: JsonErrorCode): never {
    const column = this.pos - this.lineStart + 1;
    throw new ScanError({ code, line: this.line, column, char: this.text[this.pos] ?? '' });
  }

  private space(): void {
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === '\n') {
        this.line++;
        this.lineStart = this.pos + 1;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') return;
    }
  }

  private expect(char: string, code: JsonErrorCode): void {
    this.space();
    if (this.text[this.pos] !== char) this.fail(this.pos >= this.text.length ? 'unexpected_end' : code);
    this.pos++;
  }

  private value(path: string): void {
    this.space();
    if (!this.lines.has(path)) this.lines.set(path, this.line);
    const c = this.text[this.pos];
    if (c === undefined) this.fail('unexpected_end');
    if (c === '{') this.object(path);
    else if (c === '[') this.array(path);
    else if (c === '"') this.string();
    else if (c === '-' || (c >= '0' && c <= '9')) this.number();
    else this.literal();
  }

  private literal(): void {
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return;
      }
    }
    this.fail('unexpected_char');
  }

  private object(path: string): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"')
        this.fail(this.pos >= this.text.length ? 'unexpected_end' : 'expected_key');
      const keyLine = this.line;
      const key = this.string();
      const child = path ? `${path}.${key}` : key;
      this.lines.set(child, keyLine);
      this.expect(':', 'expected_colon');
      this.value(child);
      this.space();
      const next = this.text[this.pos];
      if (next === ',') this.pos++;
      else if (next === '}') {
        this.pos++;
        return;
      } else this.fail(next === undefined ? 'unexpected_end' : 'expected_comma_or_brace');
    }
  }

  private array(path: string): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.value(`${path}[${i}]`);
      this.space();
      const next = this.text[this.pos];
      if (next === ',') this.pos++;
      else if (next === ']') {
        this.pos++;
        return;
      } else this.fail(next === undefined ? 'unexpected_end' : 'expected_comma_or_bracket');
    }
  }

  /** Reads a string literal and returns its value. */
  private string(): string {
    const start = this.pos;
    for (this.pos++; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '\n') this.fail('unterminated_string');
      else if (c === '"') break;
    }
    if (this.pos >= this.text.length) this.fail('unterminated_string');
    this.pos++;
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      this.pos = start;
      return this.fail('bad_string');
    }
  }

  private number(): void {
    numberPattern.lastIndex = this.pos;
    const match = numberPattern.exec(this.text);
    if (!match) this.fail('bad_number');
    this.pos += match[0].length;
  }
}

/** Parses JSON text; on success also returns the line of every path, on failure where it failed. */
export function parseJsonWithLines(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      new Scanner(text).run();
    } catch (error) {
      if (error instanceof ScanError) return { ok: false, error: error.detail };
      throw error;
    }
    // The scanner accepted what JSON.parse refused: report the error without a position.
    return { ok: false, error: { code: 'unknown', line: 1, column: 1, char: '' } };
  }
  const scanner = new Scanner(text);
  try {
    scanner.run();
  } catch {
    // Valid JSON the scanner trips on: the document is still usable, only without line marks.
  }
  return { ok: true, value, lines: scanner.lines };
}

/**
 * The line of an issue path, or of its nearest ancestor that exists (a missing property, e.g.
 * `rules[3].hintZh`, is marked at its object). null when nothing of the path is in the text.
 */
export function lineOfPath(lines: Map<string, number>, path: string): number | null {
  for (let current = path; ; ) {
    const line = lines.get(current);
    if (line !== undefined) return line;
    const parent = current.replace(/(?:^|\.)[^.[\]]+$|\[\d+\]$/, '');
    if (parent === current) return null;
    current = parent;
  }
}
