/** The on-disk cache and --offline, asserted through the fixture server's request log. */
import {afterEach, describe, expect, it} from "vitest";
import {fetchTable} from "../../loaders/cbs/index.js";
import {smallTable} from "../fixtures/cbs/tables.js";
import {useCbsServer} from "../support/cbs-server.js";
import {FAST, tempDir} from "./helpers.js";

const cbs = useCbsServer({tables: [smallTable()]});
let cache: ReturnType<typeof tempDir>;
afterEach(() => {
  cache.cleanup();
  cbs.server.clearLog();
  cbs.server.setTable(smallTable());
});

const fetch = (o: Partial<Parameters<typeof fetchTable>[0]> = {}) =>
  fetchTable({table: "90001TST", v3Url: cbs.server.url, v4Url: cbs.server.url, cacheDir: cache.dir, http: FAST, ...o});

describe("HTTP cache", () => {
  it("serves an unchanged table from disk: only the version probe is asked again", async () => {
    cache = tempDir();
    const first = await fetch({within: "GM0363"});
    const firstRequests = cbs.server.log.length;
    expect(firstRequests).toBe(5);
    cbs.server.clearLog();
    const second = await fetch({within: "GM0363"});
    expect(cbs.server.urls()).toEqual(["/ODataFeed/odata/90001TST/TableInfos?$format=json"]);
    expect(second.rows).toEqual(first.rows);
    expect(second.requests).toEqual(first.requests);
    expect(second.network).toHaveLength(1);
  });

  it("makes no request at all within maxAge", async () => {
    cache = tempDir();
    await fetch({maxAge: 3600});
    cbs.server.clearLog();
    const again = await fetch({maxAge: 3600});
    expect(cbs.server.log).toHaveLength(0);
    expect(again.rows).toHaveLength(11);
  });

  it("refetches a revised table (newer Modified, changed cell)", async () => {
    cache = tempDir();
    const before = await fetch({regions: ["GM0599"]});
    const revised = smallTable({modified: "2025-03-01T02:00:00"});
    revised.rows.find((r) => r.WijkenEnBuurten === "GM0599")!.HuishoudensMetEenLaagInkomen_87 = 15.3;
    cbs.server.setTable(revised);
    cbs.server.clearLog();
    const after = await fetch({regions: ["GM0599"]});
    expect(before.rows[0].HuishoudensMetEenLaagInkomen_87).toBe(15);
    expect(after.rows[0].HuishoudensMetEenLaagInkomen_87).toBe(15.3);
    expect(after.table.modified).toBe("2025-03-01T02:00:00");
    expect(cbs.server.urls("TypedDataSet")).toHaveLength(1);
  });

  it("caches v4 the same way", async () => {
    cache = tempDir();
    await fetch({api: "v4"});
    cbs.server.clearLog();
    await fetch({api: "v4"});
    expect(cbs.server.urls()).toEqual(["/CBS/90001TST/Properties"]);
  });
});

describe("--offline", () => {
  it("answers entirely from the cache without any request", async () => {
    cache = tempDir();
    const online = await fetch({measures: ["AantalInwoners_5"]});
    cbs.server.clearLog();
    const offline = await fetch({measures: ["AantalInwoners_5"], offline: true});
    expect(cbs.server.log).toHaveLength(0);
    expect(offline.rows).toEqual(online.rows);
  });

  it("fails clearly, naming the table and the missing URL, when the cache lacks a response", async () => {
    cache = tempDir();
    await expect(fetch({offline: true})).rejects.toThrow(/CBS table 90001TST: offline: no cached response for http:\/\/127\.0\.0\.1:\d+\/ODataFeed\/odata\/90001TST\/TableInfos/);
    await fetch({regions: ["GM0363"]});
    cbs.server.clearLog();
    // Same table, other filter: metadata is cached but this data request is not.
    await expect(fetch({regions: ["GM0599"], offline: true})).rejects.toThrow(/offline: no cached response for .*TypedDataSet/);
    expect(cbs.server.log).toHaveLength(0);
  });
});
