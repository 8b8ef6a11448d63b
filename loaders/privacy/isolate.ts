/**
 * The site build (Framework's `observable build`, with every page and data loader it runs) cannot read private data,
 * structurally: it runs in its own Linux mount and PID namespace where every private folder is covered by an empty,
 * read-only, mode-000 tmpfs. Any path into the folder (relative, absolute, through a symlink, from the manifest,
 * through /proc of an outside process) finds nothing, so a page or loader that reads it fails the build. The real
 * folder is never moved or changed: a killed build loses nothing, and the namespace (with its mounts) dies with it.
 *
 * Needs `unshare` (util-linux) and namespaces: as root directly, otherwise through a user namespace. Where neither
 * works (macOS, a locked-down container) and a private folder exists, the build refuses with a message that says
 * how to proceed; without private data there is nothing to hide and the build runs as usual.
 */
import {spawnSync, type SpawnSyncOptions, type SpawnSyncReturns} from "node:child_process";
import {existsSync, realpathSync, statSync} from "node:fs";
import {join, relative} from "node:path";
import {repoRoot, type Workspace} from "../snapshot/paths.js";

/** The build could not be isolated from private data; `message` is meant for the person who started it. */
export class IsolationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IsolationError";
  }
}

/** Exit status of the namespace's start script when a folder could not be covered. */
const MOUNT_FAILED = 97;

/** The private folders to hide from a build of workspace `ws`: its own and the repository's default one, where present. */
export function privateDirs(ws: Workspace): string[] {
  const dirs = [join(ws.dataDir, "private"), join(repoRoot, "data", "private")];
  const real = dirs.filter((d) => existsSync(d) && statSync(d).isDirectory()).map((d) => realpathSync(d));
  return [...new Set(real)].sort();
}

/** The `unshare` arguments that give a new mount and PID namespace here, or the reason there are none. */
function namespaceArgs(): {args: string[]} | {reason: string} {
  // --kill-child: when unshare dies, the namespace's first process (and with it every process inside) dies too.
  const base = ["--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "private"];
  const attempts = process.getuid?.() === 0 ? [base, ["--user", "--map-root-user", ...base]] : [["--user", "--map-root-user", ...base]];
  let reason = "unshare is not installed";
  for (const args of attempts) {
    const probe = spawnSync("unshare", [...args, "true"], {stdio: ["ignore", "ignore", "pipe"], encoding: "utf8"});
    if (probe.status === 0) return {args};
    if (!probe.error) reason = probe.stderr.trim() || `unshare exited with ${probe.status}`;
  }
  return {reason};
}

// Inside the namespace: cover each folder, then become the command. Arguments: count, folders…, command, args….
const START = 'n=$1; shift; while [ "$n" -gt 0 ]; do mount -t tmpfs -o ro,mode=000,size=4k buurtboek-private "$1" || exit ' + MOUNT_FAILED + '; shift; n=$((n-1)); done; exec "$@"';

/**
 * Runs `command` like `spawnSync`, with the folders in `hide` out of its reach (see the module comment).
 * Throws {@link IsolationError} when folders must be hidden and this system cannot.
 */
export function spawnIsolated(command: string, args: string[], options: SpawnSyncOptions & {hide: string[]}): SpawnSyncReturns<Buffer | string> {
  const {hide, ...spawnOptions} = options;
  if (!hide.length) return spawnSync(command, args, spawnOptions);
  const ns = namespaceArgs();
  if ("reason" in ns) {
    const where = hide.map((d) => relative(process.cwd(), d) || d).join(", ");
    throw new IsolationError(
      `the build must not be able to read private data (${where}), and this system cannot hide it from the build: ${ns.reason}. ` +
        `Build on Linux (unshare with user namespaces, or as root), or move the private folder out of the workspace while building. ` +
        `/ De build mag geen privégegevens kunnen lezen (${where}) en dit systeem kan ze niet afschermen; bouw op Linux of zet de privémap tijdelijk buiten de werkmap.`
    );
  }
  const result = spawnSync("unshare", [...ns.args, "--", "sh", "-c", START, "sh", String(hide.length), ...hide, command, ...args], spawnOptions);
  if (result.status === MOUNT_FAILED) throw new IsolationError(`the build could not hide the private folder(s) ${hide.join(", ")} (mount failed); nothing was built`);
  return result;
}
