/**
 * Progress of `data pull` on a terminal (cli-progress): one bar for all datasets, and one per KWB edition while
 * its one pass for all gemeenten comes in (rows received of the rows expected). Log lines are printed above the
 * bars. Not on a pipe or in CI: there the log lines say the same.
 */
import type {SingleBar} from "cli-progress";
import type {PullEvent} from "./pull.js";

/** What `data pull` needs from the bars. */
export interface PullProgress {
  onEvent: (event: PullEvent) => void;
  log: (line: string) => void;
  stop: () => void;
}

/** Bars on stderr when it is a terminal, else plain log lines and no bars. */
export async function pullProgress(stream: NodeJS.WriteStream = process.stderr): Promise<PullProgress> {
  const plain = (line: string) => stream.write(`${line}\n`);
  if (!stream.isTTY) return {onEvent: () => {}, log: plain, stop: () => {}};
  const {default: cliProgress} = await import("cli-progress");
  const bars = new cliProgress.MultiBar({stream, format: "{label} {bar} {value}/{total} {unit}", hideCursor: true, clearOnComplete: false}, cliProgress.Presets.shades_classic);
  let total: SingleBar | null = null;
  const editions = new Map<string, SingleBar>();
  return {
    onEvent(event) {
      if (event.type === "dataset") {
        total ??= bars.create(event.total, 0, {label: "totaal         ", unit: "datasets"});
        total.update(event.done);
        return;
      }
      let bar = editions.get(event.table);
      const expected = Math.max(event.total ?? event.done, event.done);
      if (!bar) editions.set(event.table, (bar = bars.create(expected, 0, {label: `KWB ${event.table.padEnd(10)}`, unit: "rijen"})));
      bar.setTotal(expected);
      bar.update(event.done);
    },
    log: (line) => bars.log(`${line}\n`),
    stop: () => bars.stop()
  };
}
