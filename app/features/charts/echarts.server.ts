// ECharts for the server's SVG charts, loaded with the first chart drawn rather than
// with the server: most requests draw none, and the library is several MB of code and
// heap (issue 15.4). The chart functions are synchronous, so it is required, not imported.
//
// It is let go again once no chart has been drawn for RELEASE_AFTER_MS (ADR 062): the
// charts are cached as SVG strings by revision, so a server under steady load draws a
// chart only for a case or range it has not drawn yet, while the library stays resident
// at ~20 MiB (its 3.6 MB source is kept by V8 as a 7.3 MiB two-byte string, plus its
// compiled code and objects). Loading it again costs ~100 ms of one request.
import { createRequire } from "node:module";
import path from "node:path";
import type * as Echarts from "echarts";

/** No chart drawn for this long: the library is dropped from the module cache and collected. */
export const RELEASE_AFTER_MS = 30_000;

const resolver = createRequire(import.meta.url);
let lib: typeof Echarts | null = null;
let lastUse = 0;
let timer: NodeJS.Timeout | null = null;

export function echartsLib(): typeof Echarts {
  lastUse = Date.now();
  if (!lib) {
    // A require function of its own, dropped after the load: a require records what it
    // loaded in its parent module's `children`, which would keep the library reachable.
    lib = createRequire(import.meta.url)("echarts") as typeof Echarts;
    scheduleRelease(RELEASE_AFTER_MS);
  }
  return lib;
}

function scheduleRelease(ms: number): void {
  timer = setTimeout(() => {
    const idle = Date.now() - lastUse;
    if (idle < RELEASE_AFTER_MS) scheduleRelease(RELEASE_AFTER_MS - idle);
    else releaseEcharts();
  }, ms);
  // An idle timer never keeps a process (a test, a script) alive.
  timer.unref();
}

/** Drops the library: nothing here refers to it, and its files leave the module cache. */
export function releaseEcharts(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  lib = null;
  const dir = `${path.sep}node_modules${path.sep}echarts${path.sep}`;
  for (const file of Object.keys(resolver.cache)) if (file.includes(dir)) delete resolver.cache[file];
}

/** True once a chart has loaded the library (for the test that checks it is not loaded at start). */
export function echartsLoaded(): boolean {
  return lib !== null;
}
