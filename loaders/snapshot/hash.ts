/** Content hashes recorded in the data lock. */
import {createHash} from "node:crypto";

/** Hex sha256 of a string (UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Hex sha256 of several parts, each ended by a NUL so that ["ab", "c"] and ["a", "bc"] differ. */
export function hashParts(parts: (string | Uint8Array)[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex");
}
