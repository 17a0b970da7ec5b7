/**
 * A lexer for the `test-ids` text analysis: TypeScript / JavaScript / JSON text → tokens (comments dropped), with
 * string and template values cooked, regular expressions and JSX children skipped. No parse: it runs on every file
 * of the project in `collect`, so it is a single forward pass of sticky regular expressions. It never throws; on
 * text it cannot follow (unterminated strings, odd JSX) it resynchronises at the next line.
 */

export type TokenKind = 'string' | 'template' | 'template-head' | 'template-middle' | 'template-tail' | 'ident' | 'number' | 'punct' | 'regex';

export interface Token {
  readonly kind: TokenKind;
  /** Offset of the first character (the quote, for strings). */
  readonly start: number;
  readonly end: number;
  /** Identifiers, numbers and punctuators: their text. Strings and template parts: the cooked value. */
  readonly value: string;
  /** Strings and template parts whose source spells the value with escapes (offsets inside do not map 1:1). */
  readonly escaped: boolean;
  /** A line break separates this token from the previous one. */
  readonly newlineBefore: boolean;
}

/** Punctuators that open and close a JSX tag (`<Tag …>`), distinct from `<` and `>`. */
export const JSX_OPEN = 'jsx<';
export const JSX_CLOSE = 'jsx>';

const REGEX = /\/(?![*/])(?:[^/\\\n\r[]|\\.|\[(?:[^\]\\\n\r]|\\.)*\])+\/[A-Za-z]*/y;

/** Character classes by code (ASCII): 1 identifier start, 2 identifier part only (digits), 4 whitespace. */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_$]/.test(ch)) CLASS[c] = 1 | 2;
  else if (/[0-9]/.test(ch)) CLASS[c] = 2;
  else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') CLASS[c] = 4;
}

function isIdentStart(c: number): boolean {
  return c < 128 ? ((CLASS[c] as number) & 1) !== 0 : c >= 0xc0 && c !== 0x2028 && c !== 0x2029 && c !== 0xfeff;
}

function isIdentPart(c: number): boolean {
  return c < 128 ? ((CLASS[c] as number) & 2) !== 0 : c >= 0xc0 && c !== 0x2028 && c !== 0x2029 && c !== 0xfeff;
}

function isSpace(c: number): boolean {
  return c < 128 ? ((CLASS[c] as number) & 4) !== 0 : c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

/** Punctuators of two or more characters, longest first for each first character. */
const LONG_PUNCTUATORS: Readonly<Record<string, readonly string[]>> = {
  '=': ['===', '=>', '=='],
  '!': ['!==', '!='],
  '?': ['??=', '??', '?.'],
  '.': ['...'],
  '&': ['&&=', '&&', '&='],
  '|': ['||=', '||', '|='],
  '*': ['**=', '**', '*='],
  '<': ['<<=', '<<', '<='],
  '>': ['>>>=', '>>>', '>>=', '>>', '>='],
  '+': ['++', '+='],
  '-': ['--', '-='],
  '/': ['/='],
  '%': ['%='],
  '^': ['^='],
};

/** Words after which an expression starts (so `/` opens a regular expression and `<` a JSX tag). */
const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends',
]);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

type Mode = 'brace' | 'template' | 'jsx-tag' | 'jsx-children';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The value a string literal's inner source text denotes (escapes resolved; line continuations removed). */
export function cook(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[++i];
    if (next === undefined) break;
    if (next === 'x') {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 3), 16) || 0);
      i += 2;
    } else if (next === 'u' && raw[i + 1] === '{') {
      const close = raw.indexOf('}', i);
      const code = parseInt(raw.slice(i + 2, close), 16);
      out += Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      i = close < 0 ? raw.length : close;
    } else if (next === 'u') {
      out += String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16) || 0);
      i += 4;
    } else if (next === '\r') {
      if (raw[i + 1] === '\n') i++;
    } else if (next !== '\n' && next !== '\u2028' && next !== '\u2029') {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}

/** Lexes `text`; `jsx` turns on JSX tags (`.tsx`, `.jsx`, and `.js` files, where React code lives too). */
export function tokenize(text: string, jsx: boolean): Token[] {
  return new Lexer(text, jsx).run();
}

class Lexer {
  private readonly tokens: Token[] = [];
  private readonly modes: Mode[] = [];
  private pos = 0;
  private newline = false;

  constructor(
    private readonly text: string,
    private readonly jsx: boolean,
  ) {}

  run(): Token[] {
    const text = this.text;
    const length = text.length;
    while (this.pos < length) {
      const mode = this.modes[this.modes.length - 1];
      if (mode === 'jsx-children') {
        this.jsxChildren();
        continue;
      }
      if (this.skipTrivia()) continue;
      if (this.pos >= length) break;
      const c = text.charCodeAt(this.pos);
      if (c === 39 /* ' */ || c === 34 /* " */) this.string(c);
      else if (c === 96 /* ` */) this.template(this.pos + 1, 'template', 'template-head');
      else if (c === 125 /* } */ && mode === 'template') {
        this.modes.pop();
        this.template(this.pos + 1, 'template-tail', 'template-middle');
      } else if (mode === 'jsx-tag' && c === 47 /* / */ && text.charCodeAt(this.pos + 1) === 62 /* > */) {
        this.modes.pop();
        this.push('punct', this.pos, this.pos + 2, JSX_CLOSE);
      } else if (mode === 'jsx-tag' && c === 62 /* > */) {
        this.modes.pop();
        this.modes.push('jsx-children');
        this.push('punct', this.pos, this.pos + 1, JSX_CLOSE);
      } else if (c === 47 /* / */ && this.expressionExpected() && this.match(REGEX, 'regex')) {
        // consumed
      } else if (c === 60 /* < */ && this.jsx && mode !== 'jsx-tag' && this.startsJsxTag()) {
        this.modes.push('jsx-tag');
        this.push('punct', this.pos, this.pos + 1, JSX_OPEN);
      } else if (isIdentStart(c)) {
        this.identifier();
      } else if ((c >= 48 && c <= 57) || (c === 46 && isDigit(text.charCodeAt(this.pos + 1)))) {
        this.number();
      } else if (c < 128 && c !== 92 /* \\ */) {
        const value = this.punctuator(c);
        if (value === '{') this.modes.push('brace');
        else if (value === '}' && mode === 'brace') this.modes.pop();
      } else {
        this.pos++; // a character no token starts with (`\\`, stray unicode): skip it
      }
    }
    return this.tokens;
  }

  private push(kind: TokenKind, start: number, end: number, value: string, escaped = false): void {
    this.tokens.push({ kind, start, end, value, escaped, newlineBefore: this.newline });
    this.newline = false;
    this.pos = end;
  }

  private identifier(): void {
    const text = this.text;
    let end = this.pos + 1;
    while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
    this.push('ident', this.pos, end, text.slice(this.pos, end));
  }

  private number(): void {
    const text = this.text;
    let end = this.pos + 1;
    // Digits, letters (hex, exponents, `n`), `_`, `.`, and a sign right after an exponent.
    for (; end < text.length; end++) {
      const c = text.charCodeAt(end);
      if (isIdentPart(c) || c === 46) continue;
      if ((c === 43 || c === 45) && (text.charCodeAt(end - 1) === 101 || text.charCodeAt(end - 1) === 69) && !/^0[xX]/.test(text.slice(this.pos, this.pos + 2))) continue;
      break;
    }
    this.push('number', this.pos, end, text.slice(this.pos, end));
  }

  private punctuator(c: number): string {
    const text = this.text;
    const first = String.fromCharCode(c);
    const candidates = LONG_PUNCTUATORS[first];
    if (candidates) {
      for (const candidate of candidates) {
        if (text.startsWith(candidate, this.pos) && !(candidate === '?.' && isDigit(text.charCodeAt(this.pos + 2)))) {
          this.push('punct', this.pos, this.pos + candidate.length, candidate);
          return candidate;
        }
      }
    }
    this.push('punct', this.pos, this.pos + 1, first);
    return first;
  }

  private match(pattern: RegExp, kind: TokenKind): boolean {
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.text);
    if (!match || match[0].length === 0) return false;
    this.push(kind, this.pos, this.pos + match[0].length, match[0]);
    return true;
  }

  /** Whitespace and comments; true when something was skipped. */
  private skipTrivia(): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 10 /* \n */) {
      this.newline = true;
      this.pos++;
      return true;
    }
    if (isSpace(c)) {
      let end = this.pos + 1;
      while (end < text.length && isSpace(text.charCodeAt(end))) end++;
      this.pos = end;
      return true;
    }
    if (c === 47 /* / */) {
      const next = text.charCodeAt(this.pos + 1);
      if (next === 47) {
        const end = text.indexOf('\n', this.pos);
        this.pos = end < 0 ? text.length : end;
        return true;
      }
      if (next === 42 /* * */) {
        const end = text.indexOf('*/', this.pos + 2);
        const stop = end < 0 ? text.length : end + 2;
        if (text.slice(this.pos, stop).includes('\n')) this.newline = true;
        this.pos = stop;
        return true;
      }
    }
    return false;
  }

  private string(quote: number): void {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === quote) break;
      if (c === 92 /* \ */) {
        escaped = true;
        i++;
      } else if (c === 10 && !(this.modes[this.modes.length - 1] === 'jsx-tag')) break; // unterminated: stop at the line
    }
    const closed = i < text.length && text.charCodeAt(i) === quote;
    const raw = text.slice(start + 1, i);
    this.push('string', start, closed ? i + 1 : i, escaped ? cook(raw) : raw, escaped);
  }

  /** A template part from `from` (just after `` ` `` or `}`): ends at `` ` `` (`whole`) or at `${` (`open`). */
  private template(from: number, whole: TokenKind, open: TokenKind): void {
    const text = this.text;
    const start = this.pos;
    let i = from;
    let escaped = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        escaped = true;
        i++;
      } else if (c === 96) {
        const raw = text.slice(from, i);
        this.push(whole, start, i + 1, escaped ? cook(raw) : raw, escaped);
        return;
      } else if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
        const raw = text.slice(from, i);
        this.push(open, start, i + 2, escaped ? cook(raw) : raw, escaped);
        this.modes.push('template');
        return;
      }
    }
    const raw = text.slice(from);
    this.push(whole, start, text.length, escaped ? cook(raw) : raw, escaped);
  }

  private previous(): Token | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  /** True where an expression may start: after an operator, an opening bracket, a keyword, or at the start. */
  private expressionExpected(): boolean {
    const previous = this.previous();
    if (!previous) return true;
    switch (previous.kind) {
      case 'ident':
        return EXPRESSION_KEYWORDS.has(previous.value);
      case 'punct':
        return previous.value !== ')' && previous.value !== ']' && previous.value !== '++' && previous.value !== '--';
      case 'template-head':
      case 'template-middle':
        return true;
      default:
        return false;
    }
  }

  /** `<Tag`, `<tag.sub`, `<>` in expression position, but not a generic arrow (`<T,>`, `<T extends U>`). */
  private startsJsxTag(): boolean {
    if (!this.expressionExpected()) return false;
    const rest = this.text.slice(this.pos + 1, this.pos + 80);
    if (rest.startsWith('>')) return true;
    const name = /^[A-Za-z_$][\w$.:-]*/.exec(rest);
    if (!name) return false;
    const after = rest.slice(name[0].length).trimStart();
    return !after.startsWith(',') && !after.startsWith('extends ') && !after.startsWith('=');
  }

  /** Between `<Tag>` and `</Tag>`: text is skipped; `{` opens an expression, `<` a child tag or the closing tag. */
  private jsxChildren(): void {
    const text = this.text;
    let i = this.pos;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 123 /* { */ || c === 60 /* < */) break;
      if (c === 10) this.newline = true;
      i++;
    }
    this.pos = i;
    if (i >= text.length) return;
    if (text.charCodeAt(i) === 123) {
      this.modes.push('brace');
      this.push('punct', i, i + 1, '{');
      return;
    }
    if (text.charCodeAt(i + 1) === 47 /* / */) {
      // `</Tag>`: the element ends.
      const close = text.indexOf('>', i);
      this.modes.pop();
      this.pos = close < 0 ? text.length : close + 1;
      return;
    }
    this.modes.push('jsx-tag');
    this.push('punct', i, i + 1, JSX_OPEN);
  }
}
