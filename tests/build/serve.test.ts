import {mkdir, mkdtemp, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {brotliCompressSync, gzipSync} from "node:zlib";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {cacheControl, serveStatic, type StaticServer} from "../../scripts/serve.js";

const body = "const x = 1;\n".repeat(200);

describe("serveStatic", () => {
  let server: StaticServer;
  beforeAll(async () => {
    const dist = await mkdtemp(join(tmpdir(), "buurtboek-serve-"));
    await mkdir(join(dist, "_observablehq"));
    await writeFile(join(dist, "index.html"), "<p>hallo</p>");
    await writeFile(join(dist, "index.html.br"), brotliCompressSync("<p>hallo</p>"));
    await writeFile(join(dist, "_observablehq/client.d00d6697.js"), body);
    await writeFile(join(dist, "_observablehq/client.d00d6697.js.br"), brotliCompressSync(body));
    await writeFile(join(dist, "_observablehq/client.d00d6697.js.gz"), gzipSync(body));
    server = await serveStatic(dist);
  });
  afterAll(() => server?.close());

  it("sends the brotli file to clients that accept br, gzip to gzip-only clients, the file itself otherwise", async () => {
    const path = `${server.url}/_observablehq/client.d00d6697.js`;
    const br = await fetch(path, {headers: {"accept-encoding": "gzip, br"}});
    expect(br.headers.get("content-encoding")).toBe("br");
    expect(br.headers.get("content-type")).toMatch(/javascript/);
    expect(br.headers.get("vary")).toBe("Accept-Encoding");
    expect(await br.text()).toBe(body); // fetch decodes it
    const gz = await fetch(path, {headers: {"accept-encoding": "gzip"}});
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    const plain = await fetch(path, {headers: {"accept-encoding": "identity"}});
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(body);
  });

  it("answers a byte range from the file itself, never from a compressed copy", async () => {
    const res = await fetch(`${server.url}/_observablehq/client.d00d6697.js`, {headers: {"accept-encoding": "br", range: "bytes=0-11"}});
    expect(res.status).toBe(206);
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(await res.text()).toBe("const x = 1;");
  });

  it("caches hashed assets for a year and makes pages revalidate", async () => {
    const asset = await fetch(`${server.url}/_observablehq/client.d00d6697.js`);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const page = await fetch(`${server.url}/`, {headers: {"accept-encoding": "br"}});
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.headers.get("content-encoding")).toBe("br");
    expect(await page.text()).toBe("<p>hallo</p>");
  });

  it("tells hashed and versioned paths from others", () => {
    expect(cacheControl("/_npm/vega@6.4.0/04cee859.js")).toContain("immutable");
    expect(cacheControl("/_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm")).toContain("immutable");
    expect(cacheControl("/_file/data/bronnen.8da4f023.json")).toContain("immutable");
    expect(cacheControl("/armoede")).toBe("no-cache");
    expect(cacheControl("/_file/data/bronnen.json")).toBe("no-cache");
  });
});
