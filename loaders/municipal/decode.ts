/**
 * Text encodings municipal exports come in: UTF-8 with or without a byte-order mark, or Windows-1252
 * (Excel's "CSV" on Dutch Windows). UTF-8 is tried strictly first, so a file is never half-decoded.
 */

/** The encoding a file was read with. */
export type TextEncoding = "utf-8" | "utf-8-bom" | "windows-1252";

/**
 * Windows-1252 differs from ISO-8859-1 in 0x80–0x9F (€, curly quotes, …). Node's TextDecoder decodes the
 * "windows-1252" label as ISO-8859-1, so those 32 positions are mapped here.
 */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

/** Decodes bytes as UTF-8 (BOM stripped) or, when they are not valid UTF-8, as Windows-1252. */
export function decodeText(bytes: Uint8Array): {text: string; encoding: TextEncoding} {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return {text: new TextDecoder("utf-8", {fatal: true}).decode(body), encoding: bom ? "utf-8-bom" : "utf-8"};
  } catch {
    const latin = new TextDecoder("windows-1252").decode(body);
    return {text: latin.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]), encoding: "windows-1252"};
  }
}
