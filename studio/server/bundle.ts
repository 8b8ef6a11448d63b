/** Builds the browser editor with esbuild into memory at start-up, so Studio serves it with no CDN and no build step. */
import {build} from "esbuild";
import {readFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";

const clientDir = join(dirname(fileURLToPath(import.meta.url)), "../client");

export interface ClientAssets {
  "index.html": string;
  "app.js": string;
  "app.css": string;
}

let built: Promise<ClientAssets> | null = null;

/** The editor's assets, built once per process (a server restarted in the same process reuses them). */
export function buildClient(): Promise<ClientAssets> {
  built ??= bundle().catch((error) => {
    built = null;
    throw error;
  });
  return built;
}

async function bundle(): Promise<ClientAssets> {
  const result = await build({
    entryPoints: [join(clientDir, "main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent"
  });
  return {
    "index.html": readFileSync(join(clientDir, "index.html"), "utf8"),
    "app.js": result.outputFiles[0].text,
    "app.css": readFileSync(join(clientDir, "style.css"), "utf8")
  };
}
