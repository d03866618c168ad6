// The Meilisearch engine against an in-process HTTP endpoint that answers as
// Meilisearch's documented API does: settings and documents payloads, task
// handling, multi-search for facet counts, and outages (closed port, hang).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { contractDocs, contractSchema } from "./contract.fixtures.ts";
import { MeilisearchEngine, meiliSettings, meiliSynonyms } from "./meilisearch.server.ts";

type Req = { method: string; path: string; query: URLSearchParams; body: unknown; headers: http.IncomingHttpHeaders };
type Reply = { status: number; body: unknown } | "hang";

class FakeMeili {
  server = http.createServer((req, res) => this.handle(req, res));
  requests: Req[] = [];
  tasks = new Map<number, Record<string, unknown>>();
  nextTask = 0;
  /** Overrides for a request; return undefined to fall through to the default API. */
  override?: (r: Req) => Reply | undefined;
  failNextTask?: { code: string; message: string };
  searchResponses: unknown[] = [];
  hanging: http.ServerResponse[] = [];

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop() {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private enqueue(type: string, indexUid: string | null): { status: number; body: unknown } {
    const uid = this.nextTask++;
    const now = new Date().toISOString();
    const failed = this.failNextTask;
    this.failNextTask = undefined;
    this.tasks.set(uid, {
      uid,
      batchUid: uid,
      indexUid,
      status: failed ? "failed" : "succeeded",
      type,
      canceledBy: null,
      details: {},
      error: failed
        ? { ...failed, type: "invalid_request", link: `https://docs.meilisearch.com/errors#${failed.code}` }
        : null,
      duration: "PT0.001S",
      enqueuedAt: now,
      startedAt: now,
      finishedAt: now,
    });
    return { status: 202, body: { taskUid: uid, indexUid, status: "enqueued", type, enqueuedAt: now } };
  }

  private route(r: Req): Reply {
    const o = this.override?.(r);
    if (o) return o;
    const m = r.path.match(/^\/indexes\/([^/]+)(\/.*)?$/);
    if (r.method === "GET" && r.path === "/health") return { status: 200, body: { status: "available" } };
    if (r.method === "GET" && r.path.startsWith("/tasks/")) {
      const t = this.tasks.get(Number(r.path.slice(7)));
      return t
        ? { status: 200, body: t }
        : {
            status: 404,
            body: { message: "Task not found", code: "task_not_found", type: "invalid_request", link: "" },
          };
    }
    if (r.method === "POST" && r.path === "/indexes")
      return this.enqueue("indexCreation", (r.body as { uid: string }).uid);
    if (r.method === "POST" && r.path === "/multi-search") {
      const queries = (r.body as { queries: unknown[] }).queries;
      return {
        status: 200,
        body: {
          results: queries.map(
            (_, i) =>
              this.searchResponses[i] ?? {
                hits: [],
                query: "",
                processingTimeMs: 0,
                totalHits: 0,
                totalPages: 0,
                page: 1,
                hitsPerPage: 20,
                facetDistribution: {},
              },
          ),
        },
      };
    }
    if (m) {
      const [, uid, rest] = m;
      if (r.method === "PATCH" && rest === "/settings") return this.enqueue("settingsUpdate", uid!);
      if (r.method === "POST" && rest === "/documents") return this.enqueue("documentAdditionOrUpdate", uid!);
      if (r.method === "POST" && rest === "/documents/delete-batch") return this.enqueue("documentDeletion", uid!);
      if (r.method === "DELETE" && rest === "/documents") return this.enqueue("documentDeletion", uid!);
      if (r.method === "GET" && rest === "/stats")
        return { status: 200, body: { numberOfDocuments: 9, isIndexing: false, fieldDistribution: {} } };
    }
    return {
      status: 404,
      body: { message: `no route ${r.method} ${r.path}`, code: "not_found", type: "invalid_request", link: "" },
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://x");
      const r: Req = {
        method: req.method!,
        path: url.pathname,
        query: url.searchParams,
        body: raw ? JSON.parse(raw) : undefined,
        headers: req.headers,
      };
      this.requests.push(r);
      const reply = this.route(r);
      if (reply === "hang") {
        this.hanging.push(res);
        return;
      }
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(JSON.stringify(reply.body));
    });
  }
}

describe("Meilisearch engine against a fake Meilisearch API", () => {
  const fake = new FakeMeili();
  let host = "";
  const engine = () => new MeilisearchEngine({ host, apiKey: "test-key", timeoutMs: 300, taskIntervalMs: 5 });

  beforeAll(async () => {
    host = await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.requests = [];
    fake.override = undefined;
    fake.searchResponses = [];
  });

  it("creates the index and applies the settings before any document", async () => {
    const e = engine();
    fake.failNextTask = { code: "index_already_exists", message: "Index `contract` already exists." };
    await e.ensureIndex(contractSchema);
    const writes = fake.requests.filter((r) => r.method !== "GET");
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /indexes", "PATCH /indexes/contract/settings"]);
    expect(writes[0]!.body).toEqual({ uid: "contract", primaryKey: "id" });
    expect(writes[0]!.headers.authorization).toBe("Bearer test-key");
    const settings = writes[1]!.body as Record<string, unknown>;
    expect(settings).toEqual(meiliSettings(contractSchema));
    expect(settings.searchableAttributes).toEqual(["title", "summary", "topics", "body"]);
    expect(settings.filterableAttributes).toEqual(["id", "kind", "topic", "industry", "province", "base", "stage"]);
    expect(settings.sortableAttributes).toEqual(["publishedAt", "helpful"]);
    expect(settings.rankingRules).toEqual(["words", "typo", "proximity", "attribute", "sort", "exactness"]);
    expect(settings.localizedAttributes).toEqual([
      { attributePatterns: ["title", "summary", "topics", "body"], locales: ["cmn", "eng"] },
    ]);
    expect(settings.dictionary).toEqual(expect.arrayContaining(["外贸转型升级基地", "跨境电商", "数字化转型"]));
    expect(settings.typoTolerance).toEqual({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
    // Synonym groups become mutual synonyms, every term mapped to the others of its group.
    expect(settings.synonyms).toEqual({
      冷链: ["cold chain"],
      "cold chain": ["冷链"],
      直播: ["live streaming", "live stream"],
      "live streaming": ["直播", "live stream"],
      "live stream": ["直播", "live streaming"],
    });
  });

  it("merges synonym groups that share a term and lower-cases them", () => {
    expect(meiliSynonyms([["品牌", "Brand"], ["brand", "branding"], ["单独"]])).toEqual({
      品牌: ["brand"],
      brand: ["品牌", "branding"],
      branding: ["brand"],
    });
  });

  it("sends the original documents with the primary key and waits for the task", async () => {
    const e = engine();
    await e.ensureIndex(contractSchema);
    fake.requests = [];
    await e.upsert(contractDocs.slice(4, 6));
    const add = fake.requests.find((r) => r.method === "POST" && r.path === "/indexes/contract/documents")!;
    expect(add.query.get("primaryKey")).toBe("id");
    const body = add.body as Array<Record<string, unknown>>;
    expect(body[0]).toMatchObject({
      id: "doc-5",
      kind: "case",
      title: "义乌跨境电商品牌建设",
      industry: "轻工工艺",
      topic: ["branding", "ecommerce"],
    });
    expect(fake.requests.some((r) => r.method === "GET" && r.path.startsWith("/tasks/"))).toBe(true);
    await e.delete(["doc-5"]);
    expect(fake.requests.find((r) => r.path === "/indexes/contract/documents/delete-batch")!.body).toEqual(["doc-5"]);
  });

  it("turns a failed task into an error carrying the task's error", async () => {
    const e = engine();
    await e.ensureIndex(contractSchema);
    fake.failNextTask = { code: "invalid_document_id", message: "Document identifier `a b` is invalid." };
    const err = await e.upsert([{ id: "a b", kind: "case", fields: { title: "x" } }]).catch((x: Error) => x);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe("SearchEngineError");
    expect((err as { code?: string }).code).toBe("invalid_document_id");
    expect((err as Error).message).toContain("Document identifier `a b` is invalid.");
  });

  it("asks one query per selected facet so its counts ignore its own selection", async () => {
    const e = engine();
    await e.ensureIndex(contractSchema);
    fake.searchResponses = [
      {
        hits: [
          {
            id: "doc-9",
            kind: "case",
            title: "<img src=x onerror=alert(1)> standards lab",
            _formatted: {
              title: "<img src=x onerror=alert(1)> \u0002standards\u0003 lab",
              summary: "a & b",
              body: "…\u0002standards\u0003 work",
            },
          },
        ],
        query: "standards",
        processingTimeMs: 1,
        totalHits: 1,
        totalPages: 1,
        page: 1,
        hitsPerPage: 20,
        facetDistribution: { topic: { standards: 1 } },
      },
      {
        hits: [],
        query: "standards",
        processingTimeMs: 1,
        estimatedTotalHits: 3,
        limit: 0,
        offset: 0,
        facetDistribution: { industry: { 新型材料: 1, 机电: 2 } },
      },
    ];
    const r = await e.search({
      q: "standards",
      filters: { industry: ["新型材料"], province: [] },
      facets: ["industry", "topic"],
      sort: { field: "helpful", direction: "desc" },
      page: 1,
      perPage: 20,
    });
    const ms = fake.requests.find((x) => x.path === "/multi-search")!.body as {
      queries: Array<Record<string, unknown>>;
    };
    expect(ms.queries).toHaveLength(2);
    expect(ms.queries[0]).toMatchObject({
      indexUid: "contract",
      q: "standards",
      filter: [['industry = "新型材料"']],
      facets: ["topic"],
      // Ties on the count by date; every word required first (partial matching is off here).
      sort: ["helpful:desc", "publishedAt:desc"],
      matchingStrategy: "all",
      page: 1,
      hitsPerPage: 20,
    });
    expect(ms.queries[1]).toMatchObject({
      indexUid: "contract",
      q: "standards",
      filter: [],
      facets: ["industry"],
      limit: 0,
    });
    expect(r.facets).toEqual({ topic: { standards: 1 }, industry: { 新型材料: 1, 机电: 2 } });
    expect(r.total).toBe(1);
    expect(r.hits[0]!.highlights.title).toBe("&lt;img src=x onerror=alert(1)&gt; <mark>standards</mark> lab");
    expect(r.hits[0]!.highlights.summary).toBe("a &amp; b");
    expect(r.hits[0]!.snippets.body).toBe("…<mark>standards</mark> work");
    expect(r.hits[0]!.fields).not.toHaveProperty("_formatted");
  });

  it("passes Chinese locales for Chinese queries", async () => {
    const e = engine();
    await e.ensureIndex(contractSchema);
    await e.search({ q: "跨境电商 export" });
    const ms = fake.requests.find((x) => x.path === "/multi-search")!.body as {
      queries: Array<Record<string, unknown>>;
    };
    expect(ms.queries[0]!.locales).toEqual(["cmn", "eng"]);
  });

  it("reports a hanging server as unavailable after the timeout", async () => {
    const e = engine();
    await e.ensureIndex(contractSchema);
    fake.override = (r) => (r.path === "/multi-search" || r.path === "/health" ? "hang" : undefined);
    const t = performance.now();
    const err = await e.search({ q: "x" }).catch((x: Error) => x);
    const took = performance.now() - t;
    expect((err as Error).name).toBe("SearchUnavailableError");
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(1500);
    expect((await e.health()).ok).toBe(false);
  });

  it("maps 5xx answers to unavailable and 4xx answers to engine errors", async () => {
    const e = engine();
    await e.ensureIndex(contractSchema);
    fake.override = (r) =>
      r.path === "/multi-search"
        ? { status: 503, body: { message: "overloaded", code: "too_many_search_requests", type: "system", link: "" } }
        : undefined;
    expect(((await e.search({ q: "x" }).catch((x: Error) => x)) as Error).name).toBe("SearchUnavailableError");
    fake.override = (r) =>
      r.path === "/multi-search"
        ? {
            status: 400,
            body: {
              message: "Attribute `x` is not filterable.",
              code: "invalid_search_filter",
              type: "invalid_request",
              link: "",
            },
          }
        : undefined;
    const err = (await e.search({ q: "x" }).catch((x: Error) => x)) as Error & { code?: string };
    expect(err.name).toBe("SearchEngineError");
    expect(err.code).toBe("invalid_search_filter");
  });

  it("reports a closed port as unavailable quickly", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = new MeilisearchEngine({ host: `http://127.0.0.1:${port}`, timeoutMs: 1000 });
    const t = performance.now();
    const err = (await e.ensureIndex(contractSchema).catch((x: Error) => x)) as Error;
    expect(err.name).toBe("SearchUnavailableError");
    const err2 = (await e.search({ q: "x" }).catch((x: Error) => x)) as Error;
    expect(err2.name).toBe("SearchUnavailableError");
    expect(performance.now() - t).toBeLessThan(500);
    expect((await e.health()).ok).toBe(false);
  });
});
