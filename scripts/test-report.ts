/**
 * CI's verdict from Vitest's JSON report: one line "N passed, N failed, N skipped". A skipped test is a failure
 * in CI unless `CI_ALLOWED_SKIPS` names it: a test that skips (no `unshare -n`, no ../shared) has checked nothing,
 * and CI is where those checks must run. The unexpected skips are listed above the summary.
 */
import {readFileSync} from "node:fs";
import {relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";

/** The parts of Vitest's JSON report this reads. */
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {name: string; status: string; assertionResults: {status: string; fullName: string}[]}[];
}

/** Counts and the skipped tests that were not allowed. */
export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
  unexpectedSkips: string[];
}

const SKIPPED = new Set(["skipped", "pending", "todo", "disabled"]);

/**
 * Summarises a report. `allowed` holds substrings of "<file> › <test name>" for skips that are acceptable.
 * A file whose setup failed reports its tests as skipped; it counts as one failure, not as skips.
 */
export function summarise(report: VitestReport, allowed: string[] = [], root = process.cwd()): TestSummary {
  let skipped = 0;
  const unexpectedSkips: string[] = [];
  let brokenFiles = 0;
  for (const file of report.testResults) {
    const broken = file.status === "failed" && !file.assertionResults.some((a) => a.status === "failed");
    if (broken) {
      brokenFiles++;
      continue;
    }
    for (const a of file.assertionResults) {
      if (!SKIPPED.has(a.status)) continue;
      skipped++;
      const name = `${relative(root, file.name)} › ${a.fullName}`;
      if (!allowed.some((pattern) => name.includes(pattern))) unexpectedSkips.push(name);
    }
  }
  return {passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles + unexpectedSkips.length, skipped, unexpectedSkips};
}

/** The allow-list from `CI_ALLOWED_SKIPS`: one pattern per line (or comma-separated). */
export function allowedSkips(value = process.env.CI_ALLOWED_SKIPS ?? ""): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = JSON.parse(readFileSync(process.argv[2], "utf8")) as VitestReport;
  const s = summarise(report, allowedSkips());
  for (const name of s.unexpectedSkips) console.log(`skipped in CI (counted as failed; allow with CI_ALLOWED_SKIPS): ${name}`);
  console.log(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  process.exit(s.failed > 0 ? 1 : 0);
}
