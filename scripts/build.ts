/**
 * `npm run build`: the offline, deterministic site build.
 * 0. the privacy gate (loaders/privacy/gate.ts): audited municipal snapshots only, no page reading a private file;
 * 1. vendor the browser libraries into Framework's npm cache (no CDN);
 * 2. drop Framework's cache of data-loader output when any of its inputs changed (loaders/snapshot/cache.ts):
 *    Framework keys it on the loader file alone, so a changed snapshot, shared module or BUURTBOEK_DATA_DIR
 *    would otherwise ship stale data;
 * 3. the pre-step (loaders/site/prepare.ts): every gemeente's data assets and the site-wide ones, made in one
 *    process per dataset (not one loader process per gemeente and file) and kept by content hash, written into
 *    Framework's loader cache so the build runs no loader for them;
 * 4. the pages (scripts/pages.ts): `observable build` with telemetry off, per gemeente, reusing the pages of
 *    unchanged gemeenten and spreading the rest over one Framework process per core;
 * 5. post-build: lang="nl", zoomable viewport, and fail on any third-party URL;
 * 6. drop DuckDB's mvp wasm and worker (41 MB no supported browser loads), then write .br and .gz beside every
 *    compressible file (scripts/compress.ts). `BUURTBOEK_COMPRESS=0` skips compression (the site bench uses it).
 */
import {dirname, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {privacyGate} from "../loaders/privacy/gate.js";
import {workspace} from "../loaders/snapshot/paths.js";
import {syncLoaderCache} from "../loaders/snapshot/cache.js";
import {prepareSite} from "../loaders/site/prepare.js";
import {compressDist, removeDuckDBMvp} from "./compress.js";
import {buildPages} from "./pages.js";
import {postbuild} from "./postbuild.js";
import {vendor} from "./vendor.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export async function build(): Promise<void> {
  await privacyGate(workspace(), join(root, "src"));
  await vendor(join(root, "src"));
  await syncLoaderCache();
  await prepareSite(workspace(), {root, log: (line) => console.log(`build: ${line}`)});
  await buildPages(root, workspace(), {log: (line) => console.log(`build: ${line}`)});
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
