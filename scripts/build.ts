/**
 * `npm run build`: the offline, deterministic site build.
 * 0. the privacy gate (loaders/privacy/gate.ts): audited municipal snapshots only, no page reading a private file;
 * 1. vendor the browser libraries into Framework's npm cache (no CDN);
 * 2. drop Framework's cache of data-loader output when any of its inputs changed (loaders/snapshot/cache.ts):
 *    Framework keys it on the loader file alone, so a changed snapshot, shared module or BUURTBOEK_DATA_DIR
 *    would otherwise ship stale data;
 * 3. the site (scripts/site.ts), with the private folders out of its reach (loaders/privacy/isolate.ts):
 *    a. the pre-step (loaders/site/prepare.ts): every gemeente's data assets and the site-wide ones, made in one
 *       process per dataset (not one loader process per gemeente and file) and kept by content hash, written into
 *       Framework's loader cache so the build runs no loader for them;
 *    b. the pages (scripts/pages.ts): `observable build` with telemetry off, per gemeente, reusing the pages of
 *       unchanged gemeenten and spreading the rest over one Framework process per core;
 * 4. post-build: lang="nl", zoomable viewport, and fail on any third-party URL;
 * 5. drop DuckDB's mvp wasm and worker (41 MB no supported browser loads), then write .br and .gz beside every
 *    compressible file (scripts/compress.ts). `BUURTBOEK_COMPRESS=0` skips compression (the site bench uses it).
 */
import {dirname, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {privacyGate} from "../loaders/privacy/gate.js";
import {privateDirs, spawnIsolated} from "../loaders/privacy/isolate.js";
import {workspace} from "../loaders/snapshot/paths.js";
import {syncLoaderCache} from "../loaders/snapshot/cache.js";
import {compressDist, removeDuckDBMvp} from "./compress.js";
import {postbuild} from "./postbuild.js";
import {buildSite} from "./site.js";
import {vendor} from "./vendor.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Builds the Framework project in `root` (its `src/` into its `dist/`). Studio's publication builds a version in a
 * staging tree of its own (studio/server/review/staging.ts) and passes that tree as `root`.
 */
export async function build(root = repoRoot): Promise<void> {
  const ws = workspace();
  await privacyGate(ws, join(root, "src"));
  await vendor(join(root, "src"));
  await syncLoaderCache(ws, root);
  const hide = privateDirs(ws);
  if (!hide.length) await buildSite(root, ws);
  else {
    const tsx = join(root, "node_modules", ".bin", "tsx");
    const result = spawnIsolated(tsx, [join(root, "scripts", "site.ts"), root], {
      cwd: root,
      stdio: "inherit",
      env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"},
      hide
    });
    if (result.status !== 0) throw new Error(`observable build failed in the isolated site build (exit ${result.status}); see its messages above`);
  }
  const dist = join(root, "dist");
  const pages = await postbuild(dist);
  console.log(`build: ${pages} pages in dist/, lang="nl", no third-party URLs`);
  const mvp = await removeDuckDBMvp(dist);
  if (mvp.length) console.log(`build: removed DuckDB's mvp build (${mvp.length} files)`);
  if (process.env.BUURTBOEK_COMPRESS !== "0") {
    const start = performance.now();
    const report = await compressDist(dist);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    console.log(`build: .br and .gz beside ${report.files} files (${report.cached} from cache) in ${seconds} s`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build().catch((error) => {
    console.error(`build: ${error.message}`);
    process.exit(1);
  });
}
