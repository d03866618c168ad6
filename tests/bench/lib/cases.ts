import type { SeededThread } from "./thread.ts";

// The pages the benchmark loads. Add a page by adding a case: `resolve` turns the
// running server's origin into the path to load (it may look one up, e.g. the
// first link of a list page), or returns null to skip the case with a reason.
export interface BenchCase {
  name: string;
  /** What the case stands for, shown in docs/benchmarks.md. */
  note: string;
  resolve: (origin: string) => Promise<string | { skip: string }>;
  /** Request headers, e.g. a member's session cookie (which also passes by the anonymous page cache). */
  headers?: () => Record<string, string>;
  /** A second path each connection asks for after the page, in turn (the row then counts both requests). */
  then?: () => string;
}

/** The first link on `listPath` whose path matches `pattern` (e.g. the first base on /bases), other than those in `except`. */
export async function firstLink(
  origin: string,
  listPath: string,
  pattern: RegExp,
  except: Array<string | undefined> = [],
): Promise<string | { skip: string }> {
  const res = await fetch(new URL(listPath, origin));
  if (!res.ok) return { skip: `${listPath} answered ${res.status}` };
  const html = await res.text();
  for (const m of html.matchAll(/href="([^"#?]+)"/g)) {
    if (pattern.test(m[1]!) && !except.includes(m[1]!)) return m[1]!;
  }
  return { skip: `no link matching ${pattern} on ${listPath}` };
}

/** Paths of pages run.ts creates before the server starts (e.g. tests/bench/lib/long-case.ts). */
export const seeded: { longCase?: string; thread?: SeededThread } = {};

/** The bench member's cookies as a browser that runs the page's script sends them (the members' shared copy, ADR 015). */
const memberWithScript = (): Record<string, string> =>
  seeded.thread ? { cookie: `${seeded.thread.cookie}; bee_js=1` } : {};

/** A page of the per-page table (issue 15.7): loaded by a reader and by a member, with the page caches on and off. */
export interface MatrixPage {
  name: string;
  note: string;
  resolve: (origin: string) => Promise<string | { skip: string }>;
}

/** The member of the matrix: the bench member, whose browser runs the page's script (it takes shared copies where there are, ADR 015). */
export const matrixMember = memberWithScript;

export const matrixPages: MatrixPage[] = [
  {
    // Every page's fixed part, measured in the same run: a page's own cost is its row minus this one,
    // and this row says how fast the machine was then (its CPU moves 2× between hours on a shared host).
    name: "shell",
    note: "a page of fixed text (/terms): the layout, Remix, React and compression every page pays",
    resolve: async () => "/terms",
  },
  { name: "home", note: "home page: featured bases and counts", resolve: async () => "/" },
  { name: "case-list", note: "the case list, first page", resolve: async () => "/cases" },
  {
    name: "case",
    note: "a published case study from the demo data",
    resolve: (origin) =>
      firstLink(origin, "/cases", /^\/cases\/(?!new$)[a-z0-9-]+$/, [seeded.longCase, seeded.thread?.path]),
  },
  {
    name: "base",
    note: "a base page (the first on /bases)",
    resolve: (origin) => firstLink(origin, "/bases", /^\/bases\/[a-z0-9-]+$/),
  },
  {
    name: "topic",
    note: "a topic page (the first topic linked from a case)",
    resolve: async (origin) => {
      const c = await firstLink(origin, "/cases", /^\/cases\/(?!new$)[a-z0-9-]+$/, [
        seeded.longCase,
        seeded.thread?.path,
      ]);
      return typeof c === "string" ? firstLink(origin, c, /^\/topics\/[^/]+$/) : c;
    },
  },
  {
    name: "profile",
    note: "a member's profile (the author of the 200-comment case)",
    resolve: async (origin) =>
      seeded.thread
        ? firstLink(origin, seeded.thread.path, /^\/u\/[^/]+$/)
        : { skip: "the discussion was not created" },
  },
  {
    name: "search",
    note: "the search page for one word (never cached: /search always runs)",
    resolve: async () => `/search?q=${encodeURIComponent("海外仓")}`,
  },
  {
    name: "thread-200",
    note: "a case with 200 comments (50 top-level, 150 replies, one page; tests/bench/lib/thread.ts)",
    resolve: async () => seeded.thread?.path ?? { skip: "the discussion was not created" },
  },
];

/** Further cases, run with the page caches on only (the matrix covers the rest). */
export const cases: BenchCase[] = [
  {
    name: "directory",
    note: "the base directory, first page",
    resolve: async () => "/bases",
  },
  // Cases and discussion threads, once those pages exist:
  {
    name: "case-long",
    note: "a case of ~3,000 Chinese characters, headings, lists and 5 metrics (chart) (tests/bench/lib/long-case.ts)",
    resolve: async () => seeded.longCase ?? { skip: "the long case was not created" },
  },
  {
    name: "thread-200-member-state",
    note: "that member's own state, which the page fetches once loaded: header, votes, follow, own comments (/resources/viewer-state)",
    resolve: async () =>
      seeded.thread
        ? `/resources/viewer-state?page=${encodeURIComponent(seeded.thread.path)}`
        : { skip: "the discussion was not created" },
    headers: (): Record<string, string> => (seeded.thread ? { cookie: seeded.thread.cookie } : {}),
  },
  {
    name: "thread-200-member-visit",
    note: "a member's whole visit: each connection asks for the shared copy, then for the member's state, in turn (rates and latencies count both requests)",
    resolve: async () => seeded.thread?.path ?? { skip: "the discussion was not created" },
    headers: () => memberWithScript(),
    then: () => `/resources/viewer-state?page=${encodeURIComponent(seeded.thread!.path)}`,
  },
  {
    name: "search-api",
    note: "/api/search for 品牌 (a glossary word: both languages), then for cold chain logistics (three English words), in turn: JSON with 20 hits, highlights, snippets and 6 facets (rate limits off in the bench server)",
    resolve: async (origin) => {
      const path = `/api/search?q=${encodeURIComponent("品牌")}`;
      // The job worker fills the index after the start: wait until it answers with hits.
      for (let i = 0; i < 120; i++) {
        const r = await fetch(new URL(path, origin));
        if (r.ok && ((await r.json()) as { total: number }).total > 0) return path;
        await new Promise((done) => setTimeout(done, 500));
      }
      return { skip: "the search index stayed empty for 60 s" };
    },
    then: () => `/api/search?q=${encodeURIComponent("cold chain logistics")}`,
  },
  {
    name: "search-page",
    note: "the /search page for 品牌, anonymous",
    resolve: async () => `/search?q=${encodeURIComponent("品牌")}`,
  },
  {
    name: "thread-200-member-nojs",
    note: "the same page for a member without JavaScript: rendered in full for them on every request, vote states included",
    resolve: async () => seeded.thread?.path ?? { skip: "the discussion was not created" },
    headers: (): Record<string, string> => (seeded.thread ? { cookie: seeded.thread.cookie } : {}),
  },
];
