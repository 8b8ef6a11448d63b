/**
 * Boundaries as TopoJSON keyed by CBS code: each feature keeps only `code` and `name`, so joins with CBS tables
 * use the unpadded code (`BU05180374`) and nothing else leaks into the page asset.
 */
import type {Feature, FeatureCollection, Geometry} from "geojson";
import {topology} from "topojson-server";
import type {Topology} from "topojson-specification";

/** A layer to convert: features plus the properties that hold the code and the name. */
export interface GeoLayer {
  name: string;
  features: FeatureCollection;
  code: string;
  label?: string;
}

/** Strips features to `{code, name}` with the code as id, sorted by code, so output is stable. */
export function normaliseLayer(layer: GeoLayer): FeatureCollection {
  const features: Feature<Geometry, {code: string; name: string | null}>[] = layer.features.features.map((f, i) => {
    const raw = f.properties?.[layer.code];
    if (raw == null || String(raw).trim() === "") throw new Error(`layer ${layer.name}: feature ${i} has no ${layer.code}`);
    const code = String(raw).trim();
    const name = layer.label ? (f.properties?.[layer.label] ?? null) : null;
    return {type: "Feature", id: code, properties: {code, name: name == null ? null : String(name).trim()}, geometry: f.geometry};
  });
  features.sort((a, b) => (a.properties.code < b.properties.code ? -1 : a.properties.code > b.properties.code ? 1 : 0));
  return {type: "FeatureCollection", features};
}

/** Builds one topology with an object per layer (shared borders become shared arcs). */
export function layersToTopology(layers: GeoLayer[], quantization = 1e5): Topology {
  const objects: Record<string, FeatureCollection> = {};
  for (const layer of layers) objects[layer.name] = normaliseLayer(layer);
  return topology(objects, quantization);
}
