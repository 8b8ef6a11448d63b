import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Studio} from "../../studio/server/server.js";
import {studio, USERS, workspace} from "./helpers.js";

/** The preview origin's entry: the ticket becomes a cookie fit for where the preview runs. */
describe("preview ticket cookie", () => {
  let ws: ReturnType<typeof workspace>;
  let framework: Server;
  let server: Studio;
  let enter = "";

  beforeAll(async () => {
    ws = workspace();
    framework = createServer((_req, res) => res.end("<!DOCTYPE html><html><head></head><body>Voorbeeld</body></html>"));
    await new Promise<void>((ok) => framework.listen(0, "127.0.0.1", ok));
    server = await studio(ws.root, {previewUrl: `http://127.0.0.1:${(framework.address() as AddressInfo).port}`});
    const me = await fetch(new URL("/studio/api/me", server.url), {headers: {authorization: `Bearer ${USERS.vera.token}`}});
    enter = `${((await me.json()) as {preview: string}).preview}&next=/wijken/noord`;
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((ok) => framework?.close(ok));
    ws?.cleanup();
  });

  it("is SameSite=Strict on plain HTTP, where the preview is another port of the same host", async () => {
    const response = await fetch(enter, {redirect: "manual"});
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/wijken/noord");
    expect(response.headers.get("set-cookie")).toMatch(/^buurtboek_preview=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it("is SameSite=None, Secure and Partitioned behind TLS, so a preview on another site works in the editor's frame only", async () => {
    const response = await fetch(enter, {redirect: "manual", headers: {"x-forwarded-proto": "https"}});
    expect(response.headers.get("set-cookie")).toMatch(/^buurtboek_preview=[^;]+; Path=\/; HttpOnly; SameSite=None; Secure; Partitioned$/);
  });
});
