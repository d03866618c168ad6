// `npm run bench:lighthouse`: Lighthouse's mobile audit (its default: a mid-range
// phone on a slow 4G network, simulated) of the pages people open most, on the
// production server with the demo data, in Debian's Chromium. Writes the table
// into docs/benchmarks.md (between the lighthouse markers). Target: performance
// ≥ 95 (DEVELOPERS.md).
//
//   npm run bench:lighthouse                      build if needed, audit, write the docs
//   BENCH_SKIP_BUILD=1 npm run bench:lighthouse -- --no-write
//   LIGHTHOUSE_JSON_DIR=/tmp/lh …               also keep each page's full report
//   npm run bench:lighthouse -- --only thread-200,thread-200-member   some pages only (implies --no-write)
//   npm run bench:lighthouse -- --runs 5           audits per page (default 3)
//
// Each page is audited several times and the table shows the median run by performance
// score (Lighthouse's own advice for variance, and what Lighthouse CI calls the
// representative run), with the range: on a shared two-core machine one audit's total
// blocking time moves with whatever else runs, so a single run's score is noise.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { findChromium } from "../../scripts/ensure-chromium.ts";
import {
  ensureBuild,
  freePort,
  makeDataDir,
  prepare,
  ROOT,
  serverEnv,
  startServer,
  waitForHttp,
} from "../e2e/lib/app-server.ts";
import { firstLink } from "./lib/cases.ts";
import { createLongCase } from "./lib/long-case.ts";
import { replaceSection } from "./lib/report.ts";
import { createThreadCase } from "./lib/thread.ts";

const only = (() => {
  const i = process.argv.indexOf("--only");
  return i >= 0 ? new Set((process.argv[i + 1] ?? "").split(",").filter(Boolean)) : null;
})();
const runs = (() => {
  const i = process.argv.indexOf("--runs");
  const n = i >= 0 ? Number(process.argv[i + 1]) : 3;
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error("--runs takes a whole number from 1 to 20");
  return n;
})();
// A table of some pages only must not replace the whole table in the docs.
const write = !process.argv.includes("--no-write") && !only;
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

interface Page {
  name: string;
  note: string;
  path: string;
  /** Sent with every request of the audit (a member's cookies). */
  headers?: Record<string, string>;
}

interface Audit {
  page: Page;
  scores: Record<(typeof CATEGORIES)[number], number>;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  scriptKiB: number;
  totalKiB: number;
  /** The lowest and highest performance score of the page's runs. */
  range?: [number, number];
}

/** The run with the median performance score (the lower middle for an even count), with the range. */
function representative(page: Audit[]): Audit {
  const sorted = [...page].sort((a, b) => a.scores.performance - b.scores.performance);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { ...mid, range: [sorted[0]!.scores.performance, sorted[sorted.length - 1]!.scores.performance] };
}

async function audit(port: number, url: string, page: Page): Promise<Audit> {
  let lhr;
  // Lighthouse sometimes loses the trace of a load (NO_NAVSTART); it says to run it again.
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...CATEGORIES],
      extraHeaders: page.headers,
    });
    if (!result) throw new Error(`no Lighthouse result for ${url}`);
    lhr = result.lhr;
    if (!lhr.runtimeError) break;
    if (attempt === 3) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    console.error(`[lighthouse] ${url}: ${lhr.runtimeError.code}, again…`);
  }
  // The whole report, for reading what costs points (LIGHTHOUSE_JSON_DIR=/tmp/lh).
  if (process.env.LIGHTHOUSE_JSON_DIR) {
    fs.mkdirSync(process.env.LIGHTHOUSE_JSON_DIR, { recursive: true });
    fs.writeFileSync(path.join(process.env.LIGHTHOUSE_JSON_DIR, `${page.name}.json`), JSON.stringify(lhr));
  }
  const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  const items =
    (
      lhr.audits["resource-summary"]?.details as
        { items?: Array<{ resourceType: string; transferSize: number }> } | undefined
    )?.items ?? [];
  const kib = (type: string) => (items.find((i) => i.resourceType === type)?.transferSize ?? 0) / 1024;
  return {
    page,
    scores: Object.fromEntries(
      CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]),
    ) as Audit["scores"],
    fcp: num("first-contentful-paint"),
    lcp: num("largest-contentful-paint"),
    tbt: num("total-blocking-time"),
    cls: num("cumulative-layout-shift"),
    scriptKiB: kib("script"),
    totalKiB: kib("total"),
  };
}

function table(audits: Audit[], date: string, loadBefore: number[]): string {
  const cpus = os.cpus();
  const f = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  return [
    `Run: \`npm run bench:lighthouse\` on ${date}, ${runs} audit${runs === 1 ? "" : "s"} per page, the median run shown (performance range in brackets). Lighthouse 12.2.3, mobile (its default: simulated slow 4G and a 4× slower CPU), Debian's Chromium, production server with the demo data on this machine (${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(", ")}).`,
    "",
    "| page | performance | accessibility | best practices | SEO | FCP ms | LCP ms | TBT ms | CLS | JS KiB | total KiB |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...audits.map(
      (a) =>
        `| ${a.page.name}: ${a.page.note} | **${a.scores.performance}**${a.range && a.range[0] !== a.range[1] ? ` (${a.range[0]}–${a.range[1]})` : ""} | ${a.scores.accessibility} | ${a.scores["best-practices"]} | ${a.scores.seo} | ${f(a.fcp)} | ${f(a.lcp)} | ${f(a.tbt)} | ${f(a.cls, 3)} | ${f(a.scriptKiB)} | ${f(a.totalKiB)} |`,
    ),
    "",
    "KiB are transferred (compressed) bytes.",
  ].join("\n");
}

async function main() {
  const loadBefore = os.loadavg();
  ensureBuild({ skip: process.env.BENCH_SKIP_BUILD === "1" });
  const chromePath = findChromium();
  if (!chromePath) throw new Error("no Chromium found (scripts/ensure-chromium.ts installs Debian's)");

  const dataDir = makeDataDir("bee-lighthouse-");
  const port = await freePort();
  const env = serverEnv({ dataDir, port, logLevel: "warn" });
  console.error("[lighthouse] preparing a database with the demo data, a long case and a 200-comment case…");
  prepare(env);
  const longCase = createLongCase(env);
  const thread = createThreadCase(env);
  const server = startServer(env, "inherit");
  const origin = `http://127.0.0.1:${port}`;
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-sync",
      "--disable-component-update",
    ],
  });
  try {
    await waitForHttp(`${origin}/favicon.svg`);
    const firstCase = await firstLink(origin, "/cases", /^\/cases\/(?!new$)[a-z0-9-]+$/, [longCase, thread.path]);
    if (typeof firstCase !== "string") throw new Error(firstCase.skip);
    const member = { cookie: `${thread.cookie}; bee_js=1` };
    const pages: Page[] = [
      { name: "home", note: "home page", path: "/" },
      { name: "cases", note: "the case list", path: "/cases" },
      { name: "case", note: "a demo case", path: firstCase },
      { name: "case-long", note: "~3,000 characters, 5 metrics and their chart", path: longCase },
      { name: "thread-200", note: "a case with 200 comments, not signed in", path: thread.path },
      {
        name: "thread-200-member",
        note: "the same, a signed-in member (shared copy + their state)",
        path: thread.path,
        headers: member,
      },
      { name: "search", note: "a search in Chinese", path: `/search?q=${encodeURIComponent("跨境电商")}` },
    ];
    const audits: Audit[] = [];
    for (const page of pages) {
      if (only && !only.has(page.name)) continue;
      console.error(`[lighthouse] ${page.name}: ${page.path}…`);
      // A first load warms the server's caches, as a real visitor would find them.
      await fetch(origin + page.path, { headers: { accept: "text/html", ...page.headers } });
      const pageRuns: Audit[] = [];
      for (let run = 0; run < runs; run++) pageRuns.push(await audit(chrome.port, origin + page.path, page));
      audits.push(representative(pageRuns));
    }
    const body = table(audits, new Date().toISOString().replace(/\.\d+Z$/, "Z"), loadBefore);
    console.log(`\n${body}\n`);
    if (write) {
      replaceSection(path.join(ROOT, "docs/benchmarks.md"), "lighthouse", body);
      console.error("[lighthouse] wrote docs/benchmarks.md");
    }
  } finally {
    chrome.kill();
    if (server.exitCode === null) server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
