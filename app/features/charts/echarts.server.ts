// ECharts for the server's SVG charts, loaded with the first chart drawn rather than
// with the server: most requests draw none, and the library is several MB of code and
// heap (issue 15.4). The chart functions are synchronous, so it is required, not imported.
import { createRequire } from "node:module";
import type * as Echarts from "echarts";

const require = createRequire(import.meta.url);
let lib: typeof Echarts | null = null;

export function echartsLib(): typeof Echarts {
  return (lib ??= require("echarts") as typeof Echarts);
}

/** True once a chart has loaded the library (for the test that checks it is not loaded at start). */
export function echartsLoaded(): boolean {
  return lib !== null;
}
