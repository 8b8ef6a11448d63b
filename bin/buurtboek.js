#!/usr/bin/env node
// Entry point of the `buurtboek` command. Runs the esbuild bundle that `npm ci` builds (scripts/bundle-cli.ts),
// unless a source file is newer than the bundle or BUURTBOEK_FROM_SOURCE=1: then the TypeScript sources run
// through tsx, so development never runs stale code.
import {readFileSync, statSync} from "node:fs";
import {fileURLToPath} from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = new URL("../.buurtboek/bundle/cli.mjs", import.meta.url);

function bundleIsFresh() {
  try {
    const {builtAt, files} = JSON.parse(readFileSync(new URL("../.buurtboek/bundle/inputs.json", import.meta.url), "utf8"));
    return files.every((file) => statSync(root + file).mtimeMs <= builtAt);
  } catch {
    return false; // no bundle, or an input is gone
  }
}

if (process.env.BUURTBOEK_FROM_SOURCE !== "1" && bundleIsFresh()) {
  await import(bundle.href);
} else {
  const {register} = await import("tsx/esm/api");
  register();
  await import("../loaders/cli.ts");
}
