// Framework data loader: the small synthetic table behind the stack demo page, as Arrow IPC on stdout.
import {readFileSync} from "node:fs";
import {csvParse} from "d3-dsv";
import {rowsToArrow} from "../../loaders/arrow.js";

const text = readFileSync(new URL("../../data/demo/wijken-mini.csv", import.meta.url), "utf8");
const rows = csvParse(text);
process.stdout.write(
  rowsToArrow(rows, {
    region_code: "string",
    region_name: "string",
    inwoners: "number",
    laag_inkomen_pct: "number",
    sociaal_minimum_pct: "number",
    bijstand: "number"
  })
);
