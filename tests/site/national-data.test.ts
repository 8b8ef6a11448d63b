/**
 * The national asset from gemeente summaries: values per edition with the reason where one is missing, Nederland's
 * row, the peer sets with the edition they come from, and synthetic gemeenten never mixed with real ones.
 */
import {describe, expect, it} from "vitest";
import {nationalData, NOT_PULLED} from "../../loaders/site/national.js";
import type {GemeenteSummary} from "../../loaders/site/summary.js";

const cell = (value: number | null, status: string | null = null) => ({value, status});

function summary(code: string, inwoners: number, {demo = false, laag = 10 as number | null, stedelijkheid = 3, editions = [2022, 2023]} = {}): GemeenteSummary {
  const row = (e: number) => ({
    inwoners: cell(inwoners + (e - 2022)),
    huishoudens: cell(inwoners / 2),
    laag_inkomen_pct: laag == null ? cell(null, "geheim") : cell(laag + (e - 2022)),
    stedelijkheid: cell(stedelijkheid),
    bevolkingsdichtheid: cell(800),
    ouderen: cell(inwoners / 5),
    eenpersoonshuishoudens: cell(inwoners / 6),
    koopwoningen: cell(60),
    woz: cell(300)
  });
  return {
    code, name: `Gemeente ${code}`, provincie: {code: "PV26", name: "Utrecht"}, kwb: `kwb-${code.toLowerCase()}`, demo, editions,
    gemeente: Object.fromEntries(editions.map((e) => [e, row(e)])),
    nederland: Object.fromEntries(editions.map((e) => [e, {laag_inkomen_pct: cell(7.5), inwoners: cell(17_000_000)}])),
    tables: editions.map((e) => ({edition: e, table: `T${e}`, title: `Kerncijfers wijken en buurten ${e}`, modified: `${e + 1}-03-01T02:00:00`, first_release: false})),
    fetched_at: "2025-01-06T09:00:00.000Z",
    source_type: demo ? "demo" : "cbs"
  };
}

const bronnen = {workspace: {name: "t", title: "T", demo: false}, tool: null, datasets: {}};

describe("nationalData", () => {
  it("lines every gemeente up per edition, names why a value is missing, and carries Nederland's row", () => {
    const {data, csv} = nationalData([summary("GM0003", 30_000), summary("GM0001", 12_000, {laag: null}), summary("GM0002", 18_000, {editions: [2023]})], {title: "T", demo: false, bronnen});
    expect(data.gemeenten.map((g) => g.code)).toEqual(["GM0001", "GM0002", "GM0003"]);
    expect(data.values[2022].laag_inkomen_pct).toEqual([null, null, 10]);
    expect(data.status[2022].laag_inkomen_pct).toEqual({0: "geheim", 1: NOT_PULLED});
    expect(data.nederland[2023].laag_inkomen_pct).toBe(7.5);
    expect(data.bronnen.datasets.nederland).toMatchObject({source: {type: "cbs", table: "T2022, T2023"}, rows: csv.trim().split("\n").length - 1, file: "nederland.csv"});
    expect(csv.split("\n")[0]).toBe("region_code,region_name,region_level,edition,indicator,value,status");
  });

  it("takes each peer set from the newest edition most gemeenten have, and classes by CBS's limits", () => {
    const {data} = nationalData([summary("GM0001", 4_000), summary("GM0002", 12_000), summary("GM0003", 260_000, {stedelijkheid: 1})], {title: "T", demo: false, bronnen});
    expect(data.peers.size.year).toBe(2023);
    expect(data.peers.size.of).toEqual([1, 3, 8]);
    expect(data.peers.stedelijkheid.of).toEqual([3, 3, 1]);
    expect(data.peers.nearest.of[0]).toEqual([1, 2]);
  });

  it("never compares synthetic gemeenten with real ones; all synthetic, they are compared among themselves", () => {
    const mixed = nationalData([summary("GM0001", 12_000), summary("GM9999", 80_000, {demo: true}), summary("GM0002", 15_000)], {title: "T", demo: true, bronnen});
    expect(mixed.data.gemeenten.map((g) => g.code)).toEqual(["GM0001", "GM0002"]);
    expect(mixed.data.leftOut).toEqual(["GM9999"]);
    expect(mixed.data.bronnen.datasets.nederland.source.type).toBe("cbs");
    expect(mixed.data.bronnen.workspace.demo).toBe(false);
    const synthetic = nationalData([summary("GM9000", 12_000, {demo: true}), summary("GM9001", 15_000, {demo: true})], {title: "T", demo: true, bronnen});
    expect(synthetic.data.gemeenten).toHaveLength(2);
    expect(synthetic.data.leftOut).toEqual([]);
    expect(synthetic.data.bronnen.datasets.nederland.source.type).toBe("demo");
    expect(synthetic.data.bronnen.workspace.demo).toBe(true);
  });
});
