/**
 * Text encodings municipal exports come in, decided per file: a byte-order mark (UTF-8, or UTF-16 from Excel's
 * "Unicode text"), else a strict UTF-8 decode, else Windows-1252 (Excel's "CSV" on Dutch Windows) when the bytes are
 * plausibly that. A UTF-8 file with one stray byte is not: decoding it as Windows-1252 would turn every "é" into
 * "Ã©", so the read stops and names the line and byte instead.
 */

/** The encoding a file was read with. */
export type TextEncoding = "utf-8" | "utf-8-bom" | "utf-16le-bom" | "utf-16be-bom" | "windows-1252";

/** The file is neither valid UTF-8 nor plausibly Windows-1252; names the line and byte. */
export class EncodingError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly byte: number, reason: string) {
    super(
      `${file}: line ${line}, byte ${column} (0x${byte.toString(16).toUpperCase().padStart(2, "0")}): not valid UTF-8, and the file is not plausibly Windows-1252 either (${reason}). ` +
        `Save the file as UTF-8 (in Excel: "CSV UTF-8") and pull again.`
    );
    this.name = "EncodingError";
  }
}

/**
 * Windows-1252 differs from ISO-8859-1 in 0x80–0x9F (€, curly quotes, …). Node's TextDecoder decodes the
 * "windows-1252" label as ISO-8859-1, so those 32 positions are mapped here. Five of them are undefined.
 */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** The first byte that breaks UTF-8 (or -1), and how many valid multi-byte characters come before the end. */
export function scanUtf8(bytes: Uint8Array): {invalid: number; multibyte: number} {
  let invalid = -1;
  let multibyte = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: the sequence length and the allowed range of the first continuation byte (no overlongs, no surrogates).
    const [n, lo, hi] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : [0, 0, 0];
    let ok = n > 0 && i + n <= bytes.length && bytes[i + 1] >= lo && bytes[i + 1] <= hi;
    for (let k = 2; ok && k < n; k++) ok = bytes[i + k] >= 0x80 && bytes[i + k] <= 0xbf;
    if (!ok) {
      if (invalid < 0) invalid = i;
      i++;
      continue;
    }
    multibyte++;
    i += n;
  }
  return {invalid, multibyte};
}

/** Line (1-based) and byte within the line (1-based) of a byte offset. */
function position(bytes: Uint8Array, offset: number): {line: number; column: number} {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) [line, start] = [line + 1, i + 1];
  return {line, column: offset - start + 1};
}

/** Why the bytes are not plausibly Windows-1252 text, with the first offending byte, or null when they are. */
function notWindows1252(bytes: Uint8Array, utf8: {invalid: number; multibyte: number}): {offset: number; reason: string} | null {
  // Valid UTF-8 characters next to invalid bytes: a UTF-8 file with stray bytes, not a Windows-1252 file.
  if (utf8.multibyte > 0) return {offset: utf8.invalid, reason: `it also holds ${utf8.multibyte} valid UTF-8 character(s), so it is UTF-8 with broken bytes`};
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (CP1252_UNDEFINED.has(b)) return {offset: i, reason: "that byte is not a Windows-1252 character"};
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return {offset: i, reason: "a control byte: this is no text file"};
  }
  return null;
}

/**
 * Decodes a text file's bytes, deciding the encoding for the whole file. `file` names it in errors.
 * Throws {@link EncodingError} when the file is neither UTF-8 nor plausibly Windows-1252.
 */
export function decodeText(bytes: Uint8Array, file = "file"): {text: string; encoding: TextEncoding} {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return {text: strict("utf-16le", bytes.subarray(2), file), encoding: "utf-16le-bom"};
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return {text: strict("utf-16be", bytes.subarray(2), file), encoding: "utf-16be-bom"};
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const utf8 = scanUtf8(body);
  if (utf8.invalid < 0) return {text: new TextDecoder("utf-8", {fatal: true}).decode(body), encoding: bom ? "utf-8-bom" : "utf-8"};
  if (bom) {
    const at = position(body, utf8.invalid);
    throw new EncodingError(file, at.line, at.column, body[utf8.invalid], "it starts with a UTF-8 byte-order mark");
  }
  const problem = notWindows1252(body, utf8);
  if (problem) {
    const p = position(body, problem.offset);
    throw new EncodingError(file, p.line, p.column, body[problem.offset], problem.reason);
  }
  const latin = new TextDecoder("windows-1252").decode(body);
  return {text: latin.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]), encoding: "windows-1252"};
}

function strict(encoding: "utf-16le" | "utf-16be", bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder(encoding, {fatal: true}).decode(bytes);
  } catch {
    throw new Error(`${file}: starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}; save the file as UTF-8 and pull again`);
  }
}
