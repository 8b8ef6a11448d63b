/** @mapbox/geojson-rewind ships no types. `clockwise = true` winds exterior rings clockwise (d3-geo's order). */
declare module "@mapbox/geojson-rewind" {
  import type {GeoJSON} from "geojson";
  export default function rewind<T extends GeoJSON>(geojson: T, clockwise?: boolean): T;
}
