/**
 * Provenance cannot be forgotten: every page in src/ shows the demo banner and provenance for every dataset it
 * reads, and the provenance sentences read as the issue asks ("Bron: CBS, tabel 84583NED (…), versie …, opgehaald …").
 */
import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {DEMO_BANNER, licenceLine, sourceLine, type DatasetBron} from "../../src/components/provenance.js";
import {repoRoot} from "../support/paths.js";

async function pages(dir = join(repoRoot, "src")): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await pages(path)));
    else if (entry.name.endsWith(".md")) out.push(path);
  }
  return out.sort();
}

describe("every page shows provenance", async () => {
  const files = await pages();

  it("finds the pages", () => {
    expect(files.map((f) => f.slice(repoRoot.length + 5))).toEqual(expect.arrayContaining(["index.md", "gemeente/[code]/techniek.md", "gemeente/[code]/armoede.md", "gemeente/[code]/regelingen.md"]));
  });

  for (const file of files) {
    const name = file.slice(repoRoot.length + 1);
    it(`${name}: banner and provenance for each dataset it reads`, async () => {
      const text = await readFile(file, "utf8");
      expect(text, `${name} must import the provenance component`).toMatch(/from "(?:\.\/|(?:\.\.\/)+)components\/provenance\.js"/);
      expect(text, `${name} must display demoBanner(bronnen, …)`).toMatch(/display\(demoBanner\(bronnen/);
      expect(text, `${name} must display provenance(…) or sourcesOverview(…)`).toMatch(/display\((?:provenance|sourcesOverview)\(bronnen/);
      if (/display\(sourcesOverview\(bronnen/.test(text)) return;
      // Datasets read through data/tables/<name>.arrow or data/snapshots/<name>.* must appear in provenance(…).
      const used = new Set([...text.matchAll(/FileAttachment\("data\/(?:tables|snapshots)\/([a-z0-9-]+)\.\w+"\)/g)].map((m) => m[1]));
      const block = text.slice(text.lastIndexOf("display(provenance("));
      const cited = new Set([...block.matchAll(/name: "([a-z0-9-]+)", file: FileAttachment\("data\/snapshots\/\1\.(?:csv|topojson)"\)/g)].map((m) => m[1]));
      for (const d of used) expect(cited.has(d), `${name} reads ${d} but its provenance does not cite it`).toBe(true);
    });
  }
});

const cbs: DatasetBron = {
  name: "kwb-2019",
  title: "Kerncijfers wijken en buurten 2019",
  kind: "table",
  source: {type: "cbs", table: "84583NED", title: "Kerncijfers wijken en buurten 2019", modified: "2021-11-30T02:00:00", license: "CC BY 4.0", publisher: "CBS"},
  fetched_at: "2026-11-27T08:30:00.000Z",
  rows: 159,
  file: "kwb-2019.csv",
  sha256: "0".repeat(64)
};

describe("provenance sentences", () => {
  it("cite CBS with table, title, version and fetch date", () => {
    expect(sourceLine(cbs)).toBe("Bron: CBS, tabel 84583NED (Kerncijfers wijken en buurten 2019), versie 30 november 2021, opgehaald 27 november 2026.");
    expect(licenceLine(cbs)).toBe("Licentie: CC BY 4.0; vermeld „Bron: CBS”.");
  });

  it("say plainly when data is synthetic", () => {
    const demo = {...cbs, source: {...cbs.source, type: "demo", license: "CC0 1.0 (synthetische data)"}};
    expect(sourceLine(demo)).toMatch(/^Bron: synthetische voorbeelddata \(Buurtboek-demogenerator\) in de vorm van CBS-tabel 84583NED/);
    expect(sourceLine(demo)).toContain("gegenereerd 27 november 2026");
    expect(DEMO_BANNER).toBe("Synthetische voorbeelddata — geen echte cijfers");
  });

  it("cite geometry with its year and municipal data with its publisher", () => {
    const geo: DatasetBron = {...cbs, name: "gebieden", kind: "geometry", title: "Wijk- en buurtgrenzen", source: {type: "geometry", year: 2014, publisher: "CBS/PDOK", license: "CC BY 4.0"}};
    expect(sourceLine(geo)).toBe("Bron: CBS/PDOK, Wijk- en buurtgrenzen (geometriejaar 2014), opgehaald 27 november 2026.");
    const gem: DatasetBron = {...cbs, title: "Stadspas", source: {type: "municipal", publisher: "Gemeente Voorbeeldstad"}};
    expect(sourceLine(gem)).toBe("Bron: Gemeente Voorbeeldstad, Stadspas, opgehaald 27 november 2026.");
  });
});
