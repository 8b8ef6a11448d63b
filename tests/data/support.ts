/** Moved: re-exports for branches written before the test folders mirrored the modules (see tests/support/). */
export {cli, spawnCli} from "../support/cli.js";
export {buildSiteCopy, runLoader} from "../support/site.js";
export {listFiles, readTree, remove, tempWorkspace} from "../support/workspace.js";
