/** The build's content-addressed stores (pre-step assets, kept pages): entries are touched when used. */
import {readdir, rm, stat} from "node:fs/promises";
import {join} from "node:path";

/** Removes the entries of `store` that no build has used for `days` days. */
export async function collectGarbage(store: string, days = 3): Promise<void> {
  const cutoff = Date.now() - days * 86_400_000;
  for (const name of await readdir(store).catch(() => [] as string[])) {
    const s = await stat(join(store, name)).catch(() => null);
    if (s && s.mtimeMs < cutoff) await rm(join(store, name), {recursive: true, force: true});
  }
}
