/**
 * Studio's publication: the time from "Goedkeuren" (the approve request) until `/site/` serves the new version, on
 * the demo workspace in a git repository (so the commit and tag count too).
 * - cold: a fresh copy of the workspace: no Framework cache (vendored libraries, loader outputs) and an empty
 *   compression cache, as on a new server;
 * - warm: the next publications in the same workspace (loader outputs and compressed files cached), median of 3.
 * Prints the machine's load beside the figures: the machine may be shared.
 */
import {mkdtempSync, rmSync} from "node:fs";
import {loadavg, tmpdir} from "node:os";
import {join} from "node:path";
import {client, settled, wsUrlOf} from "../tests/studio/helpers.js";
import {asPerson, PEOPLE, workspaceCopy, workspaceStudio} from "../tests/studio/workspace-copy.js";

const WARM_RUNS = 3;

export default async function bench(): Promise<void> {
  const compressCache = mkdtempSync(join(tmpdir(), "buurtboek-bench-compress-"));
  const saved = process.env.BUURTBOEK_COMPRESS_CACHE;
  process.env.BUURTBOEK_COMPRESS_CACHE = compressCache;
  const ws = await workspaceCopy({git: true});
  const {studio, stop} = await workspaceStudio(ws);
  const anna = client(wsUrlOf(studio.url), PEOPLE.anna.token, "index.md");
  try {
    await settled(anna);
    /**
     * One publication: a change by Anna, her offer, Rob's approval. Seconds until /site/ serves the version, and
     * until the publication is logged (after the git commit and tag).
     */
    const publish = async (n: number): Promise<[number, number]> => {
      anna.text.insert(anna.text.length, `\nWijziging ${n}.\n`);
      await settled(anna);
      const offered = await asPerson(studio, "anna", "/studio/api/review/offer", {description: `Bench ${n}`});
      if (offered.status !== 200) throw new Error(`offer ${n}: ${JSON.stringify(offered.body)}`);
      const version = offered.body.version as number;
      const start = performance.now();
      const approved = await asPerson(studio, "rob", "/studio/api/review/approve", {version});
      if (approved.status !== 200) throw new Error(`approve ${n}: ${JSON.stringify(approved.body)}`);
      for (;;) {
        const html = await fetch(new URL("/site/", studio.url)).then((r) => (r.ok ? r.text() : ""));
        if (html.includes(`versie ${version} · gecontroleerd door`)) break;
        const state = (await asPerson(studio, "rob", "/studio/api/review")).body as {versions: {number: number; state: string; failure: string | null}[]};
        const v = state.versions.find((x) => x.number === version);
        if (v?.state === "failed") throw new Error(`publication ${n} failed: ${v.failure}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const served = (performance.now() - start) / 1000;
      await studio.review.idle();
      return [served, (performance.now() - start) / 1000];
    };
    const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");
    const loadBefore = load();
    const cold = await publish(1);
    const warm: [number, number][] = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await publish(i + 2));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const list = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(", ");
    console.log(`"Goedkeuren" → /site/ serves the version; in brackets: → logged as published, after the git commit and tag`);
    console.log(`  cold (no Framework cache, empty compression cache): ${cold[0].toFixed(1)} s (${cold[1].toFixed(1)} s)`);
    console.log(`  warm (loader outputs and compressed files cached):  ${median(warm.map((w) => w[0])).toFixed(1)} s median of ${WARM_RUNS}: ${list(warm.map((w) => w[0]))} s (${list(warm.map((w) => w[1]))} s)`);
    console.log(`  load average before: ${loadBefore}; after: ${load()} (1, 5, 15 min)`);
  } finally {
    anna.destroy();
    await stop();
    await ws.cleanup();
    rmSync(compressCache, {recursive: true, force: true});
    if (saved === undefined) delete process.env.BUURTBOEK_COMPRESS_CACHE;
    else process.env.BUURTBOEK_COMPRESS_CACHE = saved;
  }
}
