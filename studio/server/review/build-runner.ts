/**
 * Child process of a publication: builds one staging tree (staging.ts) with the workspace's own build
 * (scripts/build.ts: privacy gate, vendoring, Framework, post-build checks, compression) and reports the outcome
 * to Studio over IPC. Studio starts it as the leader of its own process group; when Studio goes away (even by
 * `kill -9`) the IPC channel closes and this process kills its group, Framework and the loaders included, so no
 * orphaned build writes on after a crash.
 *
 *   node --import tsx build-runner.ts <tree>
 */
import {join} from "node:path";
import {pathToFileURL} from "node:url";

/** What the runner reports: success, or the reason (the privacy gate's problems one per line). */
export type BuildOutcome = {ok: true} | {ok: false; message: string; gate: string[] | null};

const tree = process.argv[2];
let finished = false;
process.on("disconnect", () => {
  if (finished) return;
  try {
    process.kill(-process.pid, "SIGKILL");
  } catch {
    process.exit(1);
  }
});

const report = (outcome: BuildOutcome) =>
  new Promise<void>((ok) => {
    finished = true;
    if (process.send) process.send(outcome, () => ok());
    else ok();
  });

try {
  const {build} = (await import(pathToFileURL(join(tree, "scripts/build.ts")).href)) as {build(root: string): Promise<void>};
  await build(tree);
  await report({ok: true});
} catch (error) {
  const e = error as Error & {problems?: string[]};
  await report({ok: false, message: e.message, gate: e.name === "PrivacyGateError" && Array.isArray(e.problems) ? e.problems : null});
  process.exitCode = 1;
}
process.disconnect?.();
