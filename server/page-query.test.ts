import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalPageUrl, PAGE_QUERY_PARAMS, UNCACHED_PAGES } from "./page-query.ts";

describe("canonicalPageUrl", () => {
  it("keeps only the parameters the page reads, sorted, each name's values in order", () => {
    expect(canonicalPageUrl("/cases", "?x=1&topic=b&utm_source=y&base=a&topic=c")).toBe(
      "/cases?base=a&topic=b&topic=c",
    );
    expect(canonicalPageUrl("/cases/some-slug", "?fbclid=1&sort=top&comment=c1")).toBe(
      "/cases/some-slug?comment=c1&sort=top",
    );
    expect(canonicalPageUrl("/", "?x=1")).toBe("/");
    expect(canonicalPageUrl("/", "?lang=en&x=1")).toBe("/?lang=en");
    expect(canonicalPageUrl("/bases", "?page=2&x=1")).toBe("/bases?page=2");
    expect(canonicalPageUrl("/cases/s/history", "?to=3&from=1&x")).toBe("/cases/s/history?from=1&to=3");
  });

  it("keeps a value's encoding meaning (Chinese, spaces, +)", () => {
    const url = canonicalPageUrl("/cases", `?base=${encodeURIComponent("义乌 基地+")}&x=1`)!;
    expect(new URL(url, "http://x").searchParams.get("base")).toBe("义乌 基地+");
  });

  it("answers null for a path it has no list for", () => {
    expect(canonicalPageUrl("/no-such-page", "?x=1")).toBeNull();
  });
});

// The table must follow the pages: a cached page that starts reading a new
// parameter without naming it here would be served the same copy for every value.
describe("the table follows the route folders", () => {
  const routesDir = path.resolve(import.meta.dirname, "../app/routes");
  const folders = fs.readdirSync(routesDir).filter((f) => fs.statSync(path.join(routesDir, f)).isDirectory());
  /** A URL of the folder's route (`cases.$slug_.history` → /cases/x/history). */
  const sampleUrl = (folder: string) =>
    "/" +
    folder
      .replace("[.]", "\u0000")
      .split(".")
      .map((p) => p.replace(/_$/, "").replace("\u0000", "."))
      .filter((p) => p !== "_index")
      .map((p) => (p.startsWith("$") ? "x" : p))
      .join("/");
  const sources = (dir: string) =>
    fs
      .readdirSync(dir)
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
      .join("\n");
  /** Parameter names read from a URL's query in the source. */
  const paramsRead = (source: string) =>
    new Set(
      [
        ...source.matchAll(/(?:searchParams|params)\.(?:get|getAll|has)\("(\w+)"\)/g),
        ...source.matchAll(/\bq\("(\w+)"\)/g),
      ].map((m) => m[1]!),
    );

  const cachedHtmlPages = folders.filter((f) => {
    const url = sampleUrl(f);
    // A resource route (feeds, files) may be route.ts: it renders no page.
    const file = ["route.tsx", "route.ts"].map((n) => path.join(routesDir, f, n)).find((p) => fs.existsSync(p))!;
    const route = fs.readFileSync(file, "utf8");
    return !UNCACHED_PAGES.test(url) && /export default function/.test(route);
  });

  it("names every page the cache serves", () => {
    expect(cachedHtmlPages.length).toBeGreaterThan(8);
    const missing = cachedHtmlPages.filter((f) => !PAGE_QUERY_PARAMS.some((p) => p.route === f));
    expect(missing).toEqual([]);
    for (const p of PAGE_QUERY_PARAMS) expect(p.path.test(sampleUrl(p.route)), p.route).toBe(true);
    // The first pattern that matches a folder's URL is that folder's entry.
    for (const f of cachedHtmlPages) expect(PAGE_QUERY_PARAMS.find((p) => p.path.test(sampleUrl(f)))?.route).toBe(f);
  });

  it("lists every query parameter a cached page reads", () => {
    const discussion = sources(path.resolve(routesDir, "../features/discussion"));
    for (const f of cachedHtmlPages) {
      let source = sources(path.join(routesDir, f));
      if (source.includes("features/discussion")) source += discussion;
      const listed = new Set(
        canonicalPageUrl(sampleUrl(f), "") === null ? [] : PAGE_QUERY_PARAMS.find((p) => p.route === f)!.params,
      );
      // insights reads its range through a schema: from, to.
      if (/parseWithZod\(url\.searchParams, \{ schema: RangeSchema \}\)/.test(source))
        ["from", "to"].forEach((n) => expect(listed).toContain(n));
      const unlisted = [...paramsRead(source)].filter((n) => !listed.has(n) && n !== "lang");
      expect(unlisted, f).toEqual([]);
    }
  });
});
