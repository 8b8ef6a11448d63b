import {spawn, execFileSync, type ChildProcess} from "node:child_process";
import {existsSync, readdirSync, readlinkSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {repoRoot} from "../support/paths.js";
import {until} from "./helpers.js";
import {PEOPLE, workspaceCopy} from "./workspace-copy.js";

/** Studio as a child process on `root`, so it can be killed with SIGKILL; resolves with its URL. */
function startChild(root: string, dataDir: string): Promise<{child: ChildProcess; url: string}> {
  const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "studio/main.ts"), "--root", root, "--port", "0", "--no-preview", "--write-delay", "50"], {
    cwd: repoRoot,
    env: {...process.env, STUDIO_USERS: JSON.stringify(Object.values(PEOPLE)), BUURTBOEK_DATA_DIR: dataDir, STUDIO_BUILD_STALE_MS: "2000"},
    stdio: ["ignore", "pipe", "pipe"]
  });
  return new Promise((ok, fail) => {
    let out = "";
    child.stderr!.on("data", (d) => (out += d));
    child.stdout!.on("data", (d) => {
      out += d;
      const match = /Buurtboek Studio: (http:\/\/\S+)/.exec(out);
      if (match) ok({child, url: match[1]});
    });
    child.on("exit", (code) => fail(new Error(`studio exited (${code}): ${out}`)));
  });
}

async function as(url: string, who: keyof typeof PEOPLE, path: string, body?: unknown) {
  const response = await fetch(new URL(path, url), {
    method: body === undefined ? "GET" : "POST",
    headers: {authorization: `Bearer ${PEOPLE[who].token}`, ...(body === undefined ? {} : {"content-type": "application/json"})},
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  return {status: response.status, body: (await response.json()) as Record<string, any>};
}

/** Processes whose command line names `text` (the build runner and Framework under a staging tree). */
function processesWith(text: string): number[] {
  const out = execFileSync("ps", ["-eo", "pid=,args="]).toString();
  return out
    .split("\n")
    .filter((line) => line.includes(text) && !line.includes("ps -eo"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe("Studio killed during a publication build", () => {
  let ws: Awaited<ReturnType<typeof workspaceCopy>>;
  let studio: {child: ChildProcess; url: string} | null = null;
  const published = () => join(ws.root, "published");
  const state = async (url: string) => (await as(url, "rob", "/studio/api/review")).body as {versions: {number: number; state: string; failure: string | null}[]; log: {action: string; version: number}[]};

  beforeAll(async () => {
    ws = await workspaceCopy();
  });
  afterAll(async () => {
    studio?.child.kill("SIGKILL");
    await ws?.cleanup();
  });

  it("publishes a first version", async () => {
    studio = await startChild(ws.root, ws.dataDir);
    expect((await as(studio.url, "anna", "/studio/api/pages", {title: "Eerste notitie", template: "leeg"})).status).toBe(200);
    expect((await as(studio.url, "anna", "/studio/api/review/offer", {description: "Eerste"})).body).toEqual({version: 1});
    expect((await as(studio.url, "rob", "/studio/api/review/approve", {version: 1})).status).toBe(200);
    await until(() => existsSync(join(published(), "current")), "version 1 published", 300_000);
    expect(readlinkSync(join(published(), "current"))).toBe("1");
    // The log entry follows the switch.
    for (let i = 0; i < 100 && (await state(studio.url)).versions[0].state !== "published"; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await state(studio.url)).versions[0].state).toBe("published");
  });

  it("leaves current at the complete version, and no build running, when Studio is killed mid-build", async () => {
    expect((await as(studio!.url, "anna", "/studio/api/pages", {title: "Tweede notitie", template: "leeg"})).status).toBe(200);
    expect((await as(studio!.url, "anna", "/studio/api/review/offer", {description: "Tweede"})).body).toEqual({version: 2});
    expect((await as(studio!.url, "rob", "/studio/api/review/approve", {version: 2})).status).toBe(200);
    // Wait until the build is under way: its staging tree exists and Framework's build runs in it.
    let tree = "";
    await until(() => {
      const staging = join(published(), ".staging");
      const dirs = existsSync(staging) ? readdirSync(staging) : [];
      tree = dirs.length ? join(staging, dirs[0], "tree") : "";
      return tree !== "" && processesWith(tree).length > 0;
    }, "the publication build to start", 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    studio!.child.kill("SIGKILL");
    await new Promise((r) => studio!.child.once("exit", r));

    // The runner took its build with it: nothing keeps writing in the staging tree.
    await until(() => processesWith(tree).length === 0, "the build processes to end", 20_000);
    expect(readlinkSync(join(published(), "current"))).toBe("1");
    expect(existsSync(join(published(), "1", ".published"))).toBe(true);
    expect(existsSync(join(published(), "1", "index.html"))).toBe(true);
    expect(existsSync(join(published(), "2"))).toBe(false);
  });

  it("on restart logs the build as interrupted, clears its staging folder, and can publish the version again", async () => {
    studio = await startChild(ws.root, ws.dataDir);
    const site = await fetch(new URL("/site/", studio.url)).then((r) => r.text());
    expect(site).toContain("versie 1 · gecontroleerd door Rob Smit");
    let s = await state(studio.url);
    // The dead build's heartbeat is stale after STUDIO_BUILD_STALE_MS; Studio looks every few seconds.
    for (let i = 0; i < 300 && s.versions[1]?.state !== "interrupted"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      s = await state(studio.url);
    }
    expect(s.versions[1]).toMatchObject({state: "interrupted", failure: expect.stringMatching(/onderbroken/)});
    expect(s.log.map((e) => e.action).slice(-2)).toEqual(["build-started", "build-interrupted"]);
    expect(readdirSync(join(published(), ".staging"))).toEqual([]);
    expect(readlinkSync(join(published(), "current"))).toBe("1");

    expect((await as(studio.url, "anna", "/studio/api/review/publish", {version: 2})).status).toBe(403); // four eyes still
    expect((await as(studio.url, "rob", "/studio/api/review/publish", {version: 2})).status).toBe(200);
    await until(() => readlinkSync(join(published(), "current")) === "2", "version 2 published", 300_000);
    // The log entry follows the switch (and the git commit, when there is a repository).
    for (let i = 0; i < 100 && (await state(studio.url)).versions[1].state !== "published"; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await state(studio.url)).versions[1].state).toBe("published");
  });
});
