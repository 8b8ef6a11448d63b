import {mkdtemp, readFile, writeFile, mkdir} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {findExternalUrls, postbuild, rewriteHtml} from "../../scripts/postbuild.js";

const framework = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">`;

describe("rewriteHtml", () => {
  it("sets the language and allows zooming", () => {
    const html = rewriteHtml(framework);
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toContain("maximum-scale");
  });
  it("leaves an explicit language alone", () => {
    expect(rewriteHtml('<html lang="en">')).toBe('<html lang="en">');
  });
});

describe("findExternalUrls", () => {
  it("finds third-party src and href values, but not loopback or relative ones", () => {
    const html = `<link href="https://fonts.googleapis.com/css2"><script src="//cdn.jsdelivr.net/npm/x"></script>
      <a href="./page">p</a><img src="http://127.0.0.1:3000/a.png"><a href='http://localhost/x'>l</a>`;
    expect(findExternalUrls(html)).toEqual(["https://fonts.googleapis.com/css2", "//cdn.jsdelivr.net/npm/x"]);
  });
});

describe("postbuild", () => {
  it("rewrites every page and fails naming a page that links to another host", async () => {
    const dist = await mkdtemp(join(tmpdir(), "buurtboek-dist-"));
    await mkdir(join(dist, "sub"));
    await writeFile(join(dist, "index.html"), framework);
    await writeFile(join(dist, "sub", "ok.html"), framework);
    expect(await postbuild(dist)).toBe(2);
    expect(await readFile(join(dist, "sub", "ok.html"), "utf8")).toContain('lang="nl"');
    await writeFile(join(dist, "sub", "bad.html"), `${framework}<a href="https://observablehq.com/">x</a>`);
    await expect(postbuild(dist)).rejects.toThrow(/bad\.html: https:\/\/observablehq\.com\//);
  });
});
