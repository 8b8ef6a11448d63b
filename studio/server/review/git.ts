/**
 * When the workspace is a git repository, a publication is also a commit of the version's pages, with the
 * approver in a `Reviewed-by:` trailer, and a tag `publicatie-<n>`. Never a push.
 *
 * The commit holds the version's text, not the working tree's (people may have typed on since it was offered): it
 * is made with plumbing on a temporary index (HEAD's tree with the version's pages in place of the pages HEAD had),
 * then the branch moves to it and the real index takes over those paths from the new HEAD. Other staged work and
 * the working tree are left alone.
 */
import {execFile} from "node:child_process";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, relative, sep} from "node:path";
import {promisify} from "node:util";
import {isPageName} from "../pages.js";
import type {PersonRef, VersionRecord} from "./journal.js";

const run = promisify(execFile);

/** The commit and tag of a publication. */
export interface PublicationCommit {
  commit: string;
  tag: string;
}

async function git(cwd: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<string> {
  const child = run("git", args, {cwd, env: {...process.env, ...env}, maxBuffer: 1 << 26});
  if (input !== undefined) {
    child.child.stdin!.end(input);
  }
  const {stdout} = await child;
  return stdout.trim();
}

/** The repository's top folder when `root` is inside a git work tree, else null. */
export async function gitTop(root: string): Promise<string | null> {
  try {
    return await git(root, ["rev-parse", "--show-toplevel"]);
  } catch {
    return null;
  }
}

const ident = (p: PersonRef) => ({name: p.name, email: `${p.id.replace(/[^\w.-]/g, "-")}@studio.invalid`});

/** Commits and tags the version's pages; null when `root` is not in a git repository. */
export async function commitPublication(root: string, version: VersionRecord, approver: PersonRef, at: string): Promise<PublicationCommit | null> {
  const top = await gitTop(root);
  if (!top) return null;
  const prefix = relative(top, root).split(sep).filter(Boolean).join("/");
  const src = prefix ? `${prefix}/src/` : "src/";
  const temp = await mkdtemp(join(tmpdir(), "buurtboek-publication-"));
  const index = {GIT_INDEX_FILE: join(temp, "index")};
  try {
    const head = await git(top, ["rev-parse", "--verify", "-q", "HEAD"]).catch(() => "");
    await git(top, head ? ["read-tree", head] : ["read-tree", "--empty"], index);
    const listed = (await git(top, ["ls-files", "-z", "--", src], index)).split("\0").filter(Boolean);
    const wanted = new Map(version.pages.map((p) => [`${src}${p.path}`, p.text]));
    const changed: string[] = [];
    for (const path of listed) {
      if (!isPageName(path.slice(src.length)) || wanted.has(path)) continue;
      await git(top, ["update-index", "--force-remove", "--", path], index);
      changed.push(path);
    }
    for (const [path, text] of wanted) {
      const blob = await git(top, ["hash-object", "-w", "--stdin"], {}, text);
      await git(top, ["update-index", "--add", "--cacheinfo", `100644,${blob},${path}`], index);
      changed.push(path);
    }
    const tree = await git(top, ["write-tree"], index);
    const author = ident(version.offeredBy);
    const reviewer = ident(approver);
    const env = {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: version.offeredAt,
      GIT_COMMITTER_NAME: reviewer.name,
      GIT_COMMITTER_EMAIL: reviewer.email,
      GIT_COMMITTER_DATE: at
    };
    const writers = [...new Set(version.authors.flatMap((a) => a.people.map((p) => p.name)))];
    const message = [
      `Publicatie versie ${version.number}: ${version.description.split("\n")[0]}`,
      "",
      `Aangeboden door ${version.offeredBy.name}; gecontroleerd en gepubliceerd door ${approver.name} in Buurtboek Studio.`,
      ...(writers.length ? [`Geschreven door: ${writers.join(", ")}.`] : []),
      "",
      `Reviewed-by: ${reviewer.name} <${reviewer.email}>`
    ].join("\n");
    const commit = await git(top, ["commit-tree", tree, ...(head ? ["-p", head] : []), "-F", "-"], env, message);
    await git(top, head ? ["update-ref", "-m", `buurtboek: publicatie ${version.number}`, "HEAD", commit, head] : ["update-ref", "HEAD", commit]);
    const tag = `publicatie-${version.number}`;
    await git(top, ["tag", "-a", "-f", tag, "-m", `Publicatie versie ${version.number}, gecontroleerd door ${approver.name}`, commit], env);
    // The real index takes the published pages from the new HEAD; the working tree stays as people left it.
    if (changed.length) await git(top, ["reset", "-q", "--", ...changed]).catch(() => {});
    return {commit, tag};
  } finally {
    await rm(temp, {recursive: true, force: true});
  }
}
