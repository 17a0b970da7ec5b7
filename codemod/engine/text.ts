/** Byte-level facts about a source file that a rewrite must keep: BOM, line endings, identity (hash). */
import { createHash } from 'node:crypto';

const BOM = '\uFEFF';

export interface DecodedText {
  /** The text without its BOM: what rules see and edit. */
  readonly text: string;
  readonly hasBom: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The file's text, or `undefined` when its bytes are not valid UTF-8: decoding them would replace the invalid bytes
 * with U+FFFD, and writing the text back would change bytes no rule touched.
 */
export function decodeSource(bytes: Uint8Array): DecodedText | undefined {
  let raw: string;
  try {
    raw = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  return raw.startsWith(BOM) ? { text: raw.slice(1), hasBom: true } : { text: raw, hasBom: false };
}

/** Text for reading only (evidence, snapshots): invalid bytes become U+FFFD. Never written back. */
export function decodeLossy(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').replace(/^\uFEFF/, '');
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
