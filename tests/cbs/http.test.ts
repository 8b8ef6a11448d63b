/** Robustness against CBS's real failure modes, driven through the fixture server over real HTTP. */
import {afterEach, describe, expect, it} from "vitest";
import {fetchTable, type RetryEvent} from "../../loaders/cbs/index.js";
import {parseRetryAfter} from "../../loaders/cbs/http.js";
import {smallTable} from "../fixtures/cbs/tables.js";
import {useCbsServer} from "../support/cbs-server.js";
import {FAST, tempDir} from "./helpers.js";

const cbs = useCbsServer({tables: [smallTable()]});
let cache: ReturnType<typeof tempDir>;
afterEach(() => {
  cache?.cleanup();
  cbs.server.clearLog();
  cbs.server.clearFaults();
});

function fetchSmall(http = FAST) {
  cache = tempDir();
  return fetchTable({table: "90001TST", v3Url: cbs.server.url, cacheDir: cache.dir, http});
}

describe("retries", () => {
  it("succeeds after two 503s on the data request", async () => {
    cbs.server.fail({match: "TypedDataSet", status: 503, times: 2});
    const retries: RetryEvent[] = [];
    const result = await fetchSmall({...FAST, onRetry: (e) => retries.push(e)});
    expect(result.rows).toHaveLength(11);
    expect(cbs.server.log.filter((r) => r.url.includes("TypedDataSet")).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
  });

  it("gives up after the retry budget with an error naming the table and URL", async () => {
    cbs.server.fail({match: "TypedDataSet", status: 503, times: 10});
    await expect(fetchSmall({...FAST, retries: 2})).rejects.toThrow(/90001TST.*HTTP 503.*\/ODataApi\/odata\/90001TST\/TypedDataSet/);
    expect(cbs.server.urls("TypedDataSet")).toHaveLength(3);
    cbs.server.clearFaults();
  });

  it("does not retry a 404", async () => {
    cbs.server.fail({match: "DataProperties", status: 404});
    await expect(fetchSmall()).rejects.toThrow(/90001TST: HTTP 404.*DataProperties/);
    expect(cbs.server.urls("DataProperties")).toHaveLength(1);
  });

  it("honours Retry-After on a 429", async () => {
    cbs.server.fail({match: "TableInfos", status: 429, retryAfter: 1});
    const retries: RetryEvent[] = [];
    const result = await fetchSmall({...FAST, onRetry: (e) => retries.push(e)});
    expect(result.rows.length).toBeGreaterThan(0);
    expect(retries).toHaveLength(1);
    expect(retries[0].retryAfterMs).toBe(1000);
    expect(cbs.server.log.filter((r) => r.url.includes("TableInfos")).map((r) => r.status)).toEqual([429, 200]);
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("retries a body whose JSON is cut off", async () => {
    cbs.server.fail({match: "TypedDataSet", truncate: "json"});
    const retries: RetryEvent[] = [];
    const result = await fetchSmall({...FAST, onRetry: (e) => retries.push(e)});
    expect(result.rows).toHaveLength(11);
    expect(cbs.server.urls("TypedDataSet")).toHaveLength(2);
    expect(retries[0].error.message).toMatch(/invalid or truncated JSON/);
  });

  it("retries a connection that closes mid-body", async () => {
    cbs.server.fail({match: "WijkenEnBuurten?", truncate: "socket"});
    const retries: RetryEvent[] = [];
    const result = await fetchSmall({...FAST, onRetry: (e) => retries.push(e)});
    expect(result.rows.find((r) => r.region_code === "GM0599")?.region_name).toBe("Rotterdam");
    expect(cbs.server.urls("/WijkenEnBuurten?")).toHaveLength(2);
    expect(retries[0].error.message).toMatch(/truncated/);
  });

  it("times out a slow response and retries it", async () => {
    cbs.server.fail({match: "TableInfos", delayMs: 1500});
    const retries: RetryEvent[] = [];
    const result = await fetchSmall({...FAST, timeoutMs: 300, onRetry: (e) => retries.push(e)});
    expect(result.table.id).toBe("90001TST");
    expect(retries[0].error.message).toMatch(/timed out after 300 ms/);
  });
});
