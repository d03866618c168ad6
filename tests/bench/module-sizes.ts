// `npm run bench:modules`: what the heavy packages cost resident, each in a fresh process
// (issue 15.4, ADR 062): RSS, V8 heap used and memory outside the heap (Buffers, wasm
// memories), after a full GC, before and after loading the package and using it once.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { jiebaDictionary } from "../../app/search/segment.ts";
import { ROOT, SERVE_ENV } from "../e2e/lib/app-server.ts";

// The dictionary as the app loads it (ADR 078: without the rare words), written out for the probe.
const appDict = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bee-dict-")), "dict.txt");
fs.writeFileSync(appDict, jiebaDictionary());

const probes: Record<string, string> = {
  "jieba, its whole dictionary loaded, one cut": `
    const fs = require("node:fs"), path = require("node:path");
    const { Jieba } = require("@node-rs/jieba");
    const dict = path.join(path.dirname(require.resolve("@node-rs/jieba/package.json")), "dict.txt");
    const j = Jieba.withDict(fs.readFileSync(dict));
    j.cutForSearch("外贸转型升级基地的跨境电商数字化转型", true);`,
  "jieba, the app's dictionary (ADR 078: words of frequency ≥ 10 and those inside added terms), one cut": `
    const fs = require("node:fs");
    const { Jieba } = require("@node-rs/jieba");
    const j = Jieba.withDict(fs.readFileSync(${JSON.stringify(appDict)}));
    j.cutForSearch("外贸转型升级基地的跨境电商数字化转型", true);`,
  "echarts, one SVG chart rendered": `
    const echarts = require("echarts");
    const c = echarts.init(null, null, { renderer: "svg", ssr: true, width: 600, height: 300 });
    c.setOption({ xAxis: { type: "category", data: ["a", "b", "c"] }, yAxis: {}, series: [{ type: "bar", data: [1, 2, 3] }] });
    c.renderToSVGString(); c.dispose();`,
  "Prisma SQLite query compiler (wasm), one query compiled": `
    const fs = require("node:fs");
    const rt = await import("@prisma/client/runtime/query_compiler_bg.sqlite.mjs");
    const { wasm } = await import("@prisma/client/runtime/query_compiler_bg.sqlite.wasm-base64.mjs");
    const mod = new WebAssembly.Module(Buffer.from(wasm, "base64"));
    const inst = new WebAssembly.Instance(mod, { "./query_compiler_bg.js": rt });
    rt.__wbg_set_wasm(inst.exports); inst.exports.__wbindgen_start();
    const src = fs.readFileSync("app/generated/prisma/internal/class.ts", "utf8");
    const datamodel = JSON.parse(/"inlineSchema": ("(?:[^"\\\\]|\\\\.)*")/.exec(src)[1]);
    const qc = new rt.QueryCompiler({ datamodel, provider: "sqlite", connectionInfo: { supportsRelationJoins: false } });
    qc.compile(JSON.stringify({ modelName: "User", action: "findMany", query: { arguments: { take: 1 }, selection: { $scalars: true } } }));
    globalThis.keep = [qc, inst];
    extra = " (wasm memory " + (inst.exports.memory.buffer.byteLength / 2 ** 20).toFixed(1) + " MiB)";`,
  "Prisma client runtime (JS)": `require("@prisma/client/runtime/client");`,
};

function wrap(body: string): string {
  return `
    import { createRequire } from "node:module";
    const require = createRequire(${JSON.stringify(`${ROOT}/`)});
    const snap = () => { globalThis.gc(); globalThis.gc(); const m = process.memoryUsage(); return m; };
    let extra = "";
    const a = snap();
    ${body}
    await new Promise((r) => setTimeout(r, 200));
    const b = snap();
    const d = (k) => ((b[k] - a[k]) / 2 ** 20).toFixed(1);
    console.log(\`+\${d("rss")} MiB RSS, heap +\${d("heapUsed")}, external +\${d("external")}\${extra}\`);`;
}

for (const [name, body] of Object.entries(probes)) {
  try {
    // PROBE_FLAGS: node flags to compare (e.g. --wasm-lazy-compilation); MALLOC_ARENA_MAX as npm run serve.
    const flags = (process.env.PROBE_FLAGS ?? "").split(" ").filter(Boolean);
    const out = execFileSync(process.execPath, [...flags, "--expose-gc", "--input-type=module", "-e", wrap(body)], {
      env: { ...process.env, ...SERVE_ENV },
      cwd: ROOT,
      encoding: "utf8",
    });
    console.log(`${name}: ${out.trim()}`);
  } catch (e) {
    console.log(`${name}: failed (${String((e as Error).message).split("\n")[0]})`);
  }
}
fs.rmSync(path.dirname(appDict), { recursive: true, force: true });
