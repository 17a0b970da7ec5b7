/**
 * ID-taking functions of production source, found without lexing the whole file: from each mention of a run or
 * thread ID name that looks like a parameter (`runId: string`, `threadId = 'main'`), back to the `(` of its list and
 * the function's name, forward to the `)` and the body or return type that make it a definition. Most source files
 * mention IDs only in fields and reads; this costs a few character scans per mention.
 */
import type { CarrierNames } from './names';
import type { ParameterRole, Signature } from './occurrences';

const KEYWORDS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'function', 'return', 'typeof', 'new', 'await', 'yield', 'super', 'import']);
const MODIFIER = /^(?:(?:public|private|protected|readonly|override|static|declare)\s+)*(?:\.\.\.)?\s*/;
const PARAMETER = /^([A-Za-z_$][\w$]*)\s*\??\s*(?::[\s\S]*?)?(?:=\s*([\s\S]*))?$/;
const STRING_DEFAULT = /^(['"`])((?:(?!\1)[^\\\n])*)\1\s*$/;

function isIdentifierChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const SEMICOLON = 59;

/** From `open` (a bracket), the index of its matching closer, skipping strings; -1 when not found nearby. */
function matchingClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length && i < open + 4000; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39 || c === 96) {
      const end = text.indexOf(text[i] as string, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
    else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Back from `from` to the unmatched `(` that opens the list `from` sits in; -1 when it sits in `{`/`[` or a statement. */
function enclosingParen(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i >= 0 && i > from - 600; i--) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) depth++;
    else if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (depth === 0) return c === OPEN_PAREN ? i : -1;
      depth--;
    } else if (c === SEMICOLON && depth === 0) return -1;
  }
  return -1;
}

/** Splits a parameter list's text at its top-level commas. */
function splitParameters(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as string;
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && list[i - 1] !== '=')) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  if (list.slice(start).trim().length > 0) parts.push(list.slice(start));
  return parts;
}

/** The name a function definition whose parameter list opens at `open` is called by. */
function definitionName(text: string, open: number): string | undefined {
  let i = open - 1;
  while (i >= 0 && /\s/.test(text[i] as string)) i--;
  if (text[i] === '>') {
    // Type parameters: `f<T>(`.
    const start = text.lastIndexOf('<', i);
    if (start < 0) return undefined;
    i = start - 1;
    while (i >= 0 && /\s/.test(text[i] as string)) i--;
  }
  const end = i + 1;
  while (i >= 0 && isIdentifierChar(text.charCodeAt(i))) i--;
  const name = text.slice(i + 1, end);
  if (name.length === 0) {
    // `name = (…) =>`, `name: (…) =>`, `name = function (…)`, `name = async (…) =>`.
    const before = text.slice(Math.max(0, open - 80), open);
    const assigned = /([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s*)?(?:function\s*\*?\s*)?$/.exec(before);
    return assigned?.[1];
  }
  if (name === 'async' || name === 'function') {
    const before = text.slice(Math.max(0, i - 80), i + 1);
    const assigned = /([A-Za-z_$][\w$]*)\s*[:=]\s*(?:async\s*)?(?:function\s*\*?\s*)?$/.exec(before);
    return assigned?.[1];
  }
  if (KEYWORDS.has(name)) return undefined;
  if (name === 'constructor') {
    // `new Name(…)` calls it: the nearest class before it.
    const classes = [...text.slice(Math.max(0, open - 4000), open).matchAll(/\bclass\s+([A-Za-z_$][\w$]*)/g)];
    return classes[classes.length - 1]?.[1];
  }
  return name;
}

/** Signatures of the functions of `text` that take a run or thread ID (names from `names`, found at `mentions`). */
export function scanSignatures(text: string, names: CarrierNames, needles: readonly string[]): Signature[] {
  const lists = new Set<number>();
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) {
      // A parameter: a type, default, `?`, `,` or `)` after its name (not `==`, not a property read).
      let after = at + needle.length;
      while (after < text.length && isIdentifierChar(text.charCodeAt(after))) after++;
      while (after < text.length && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9)) after++;
      const c = text[after];
      if (!(c === '?' || c === ':' || c === ',' || c === ')' || (c === '=' && text[after + 1] !== '=' && text[after + 1] !== '>'))) continue;
      const open = enclosingParen(text, at - 1);
      if (open >= 0) lists.add(open);
    }
  }
  const signatures: Signature[] = [];
  for (const open of [...lists].sort((a, b) => a - b)) {
    const close = matchingClose(text, open);
    if (close < 0) continue;
    const after = text.slice(close + 1, close + 4).trimStart();
    if (!(after.startsWith('{') || after.startsWith(':') || after.startsWith('=>'))) continue;
    const name = definitionName(text, open);
    if (name === undefined) continue;
    const params = splitParameters(text.slice(open + 1, close)).map((part) => {
      const match = PARAMETER.exec(part.trim().replace(MODIFIER, ''));
      if (!match) return { role: '' as ParameterRole };
      const role = names.roleOf(match[1] as string);
      if (role === 'run') return { role: 'run' as ParameterRole };
      if (role !== 'thread') return { role: '' as ParameterRole };
      const literal = match[2] === undefined ? undefined : STRING_DEFAULT.exec(match[2].trim());
      return literal ? { role: 'thread' as ParameterRole, default: literal[2] as string } : { role: 'thread' as ParameterRole };
    });
    if (params.some((param) => param.role !== '')) signatures.push({ name, params });
  }
  return signatures;
}
