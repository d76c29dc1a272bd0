import type { Issue } from '../domain/index.js';
import { issue } from '../domain/index.js';

/** Decoded text plus what went wrong decoding it. */
export interface Decoded {
  readonly text: string;
  /** The encoding used, as TextDecoder names it (`utf-8`, `windows-1251`, …). */
  readonly charset: string;
  readonly issues: readonly Issue[];
}

/**
 * The charset parameter of a Content-Type header, lower-cased, or null.
 *
 * @example charsetOfContentType('text/html; charset=Windows-1251') === 'windows-1251'
 */
export function charsetOfContentType(contentType: string | undefined | null): string | null {
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : null;
}

// Pages and feeds declare their charset in the first bytes; ASCII-compatible encodings let us read it as latin1.
function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ??
    /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

function bom(bytes: Uint8Array): { charset: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

/**
 * Whether bytes look binary rather than text: a NUL byte, or more than 1% C0 control bytes other than tab, line
 * breaks, form feed and escape, in the first 64 KiB. UTF-16 with a byte-order mark is text.
 *
 * @example looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])) === true
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bom(bytes)?.charset.startsWith('utf-16')) return false;
  const n = Math.min(bytes.length, 65_536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return n > 0 && control / n > 0.01;
}

/**
 * Decodes bytes to text: the charset comes from a byte-order mark, else the Content-Type header, else a
 * `<meta charset>` or XML declaration, else UTF-8. Invalid UTF-8 is decoded with U+FFFD and reported as
 * `utf8-invalid`; an unknown charset label falls back to UTF-8 with `charset-unknown`. Never throws.
 *
 * @example decodeBytes(new Uint8Array([0xcf, 0xf0]), 'text/html; charset=windows-1251').text === 'Пр'
 */
export function decodeBytes(bytes: Uint8Array, contentType?: string | null): Decoded {
  const issues: Issue[] = [];
  const b = bom(bytes);
  let charset = b?.charset ?? charsetOfContentType(contentType) ?? declaredCharset(bytes) ?? 'utf-8';
  const body = b ? bytes.subarray(b.skip) : bytes;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    issues.push(issue('charset-unknown', `unknown charset '${charset}', decoded as UTF-8`));
    charset = 'utf-8';
    decoder = new TextDecoder('utf-8', { fatal: true });
  }
  charset = decoder.encoding;
  try {
    return { text: decoder.decode(body), charset, issues };
  } catch {
    const text = new TextDecoder(charset).decode(body);
    const bad = (text.match(/\uFFFD/g) ?? []).length;
    issues.push(
      issue(
        charset === 'utf-8' ? 'utf8-invalid' : 'decode-invalid',
        `invalid ${charset === 'utf-8' ? 'UTF-8' : charset}: ${bad} byte sequence(s) replaced with U+FFFD`,
      ),
    );
    return { text, charset, issues };
  }
}
