/**
 * Framework 1.13's path helpers, used by scripts/pages.ts to write a kept page's file entries exactly as Framework
 * does (the package ships no types).
 */
declare module "@observablehq/framework/dist/path.js" {
  /** The path of `target` relative to the page or module at `source` (`./…` or `../…`). */
  export function relativePath(source: string, target: string): string;
  /** `target` resolved against `source`, as an absolute site path (`/data/x.json`). */
  export function resolvePath(source: string, target: string): string;
}
