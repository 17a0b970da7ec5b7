/** Byte-level facts about a source file that a rewrite must keep: BOM, line endings, identity (hash). */
import { createHash } from 'node:crypto';

const BOM = '\uFEFF';

export interface DecodedText {
  /** The text without its BOM: what rules see and edit. */
  readonly text: string;
  readonly hasBom: boolean;
}

export function decodeSource(bytes: Uint8Array): DecodedText {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return raw.startsWith(BOM) ? { text: raw.slice(1), hasBom: true } : { text: raw, hasBom: false };
}

export function encodeSource(text: string, hasBom: boolean): Buffer {
  return Buffer.from(hasBom ? BOM + text : text, 'utf8');
}

/** Identity of the bytes read, compared again just before writing (the conflict guard). */
export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** CRLF when the file's first line break is CRLF. */
export function detectEol(text: string): '\n' | '\r\n' {
  const index = text.indexOf('\n');
  return index > 0 && text[index - 1] === '\r' ? '\r\n' : '\n';
}

/** Line breaks that a rule inserts follow the file's own style, so a CRLF file stays CRLF. */
export function matchEol(insertedText: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? insertedText : insertedText.replace(/\r?\n/g, '\r\n');
}

/** `@generated` near the top marks a file written by a tool: never rewrite it. */
export function isMarkedGenerated(text: string): boolean {
  const head = text.slice(0, 2000);
  const index = head.indexOf('@generated');
  if (index === -1) return false;
  let lines = 0;
  for (let i = 0; i < index; i++) if (head.charCodeAt(i) === 10) lines++;
  return lines < 10;
}
