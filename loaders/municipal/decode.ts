/**
 * Text encodings municipal exports come in: UTF-8 with or without a byte-order mark, or Windows-1252
 * (Excel's "CSV" on Dutch Windows). UTF-8 is tried strictly first, so a file is never half-decoded.
 */

/** The encoding a file was read with. */
export type TextEncoding = "utf-8" | "utf-8-bom" | "windows-1252";

/** Decodes bytes as UTF-8 (BOM stripped) or, when they are not valid UTF-8, as Windows-1252. */
export function decodeText(bytes: Uint8Array): {text: string; encoding: TextEncoding} {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return {text: new TextDecoder("utf-8", {fatal: true}).decode(body), encoding: bom ? "utf-8-bom" : "utf-8"};
  } catch {
    return {text: new TextDecoder("windows-1252").decode(body), encoding: "windows-1252"};
  }
}
