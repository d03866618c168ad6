// When Meilisearch is down (closed port) or hangs (never answers), /search says
// so within about a second and offers browsing, the API answers 503, and
// publishing still succeeds (its outbox row waits for the engine).
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { drainSearchOutbox } from "~/jobs/search-outbox.server.ts";
import * as searchPage from "~/routes/search/route.tsx";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { callRoute } from "../helpers/route.ts";
import { callSearchApi, SEARCH_API_WAYS } from "../helpers/search-api.ts";
import { createTestUser, freshIp } from "../helpers/users.ts";

const g = globalThis as unknown as { __searchEngine?: unknown };
let hanging: http.Server;
let hangingUrl = "";
let closedUrl = "";

function useMeilisearch(url: string) {
  process.env.MEILI_HOST = url;
  process.env.MEILI_TIMEOUT_MS = "500";
  g.__searchEngine = undefined; // the next search picks the engine from the environment again
}

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  hanging = http.createServer(() => {
    /* never answers */
  });
  await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", () => r()));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`;
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", () => r()));
  closedUrl = `http://127.0.0.1:${(probe.address() as net.AddressInfo).port}`;
  await new Promise((r) => probe.close(r));
});
afterAll(() => {
  hanging.closeAllConnections();
  hanging.close();
  delete process.env.MEILI_HOST;
});

describe.each([
  ["a closed port", () => closedUrl],
  ["an endpoint that never answers", () => hangingUrl],
])("search engine at %s", (_label, url) => {
  it("shows the unavailable state quickly, in the reader's language, with browse links", async () => {
    useMeilisearch(url());
    const started = Date.now();
    const res = await callRoute(searchPage.loader, { path: "/search?q=品牌", headers: { "x-test-ip": freshIp() } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(503);
    expect(res.data.outcome).toEqual({ ok: false, unavailable: true });
    expect(res.data.topics.length).toBeGreaterThan(0);
    for (const way of SEARCH_API_WAYS) {
      const json = await callSearchApi(way, { path: "/api/search?q=品牌", headers: { "x-test-ip": freshIp() } });
      expect(json.status, way).toBe(503);
      expect(json.data.error, way).toBe("search_unavailable");
    }
  });

  it("lets a case be published; the outbox keeps the change until the engine returns", async () => {
    useMeilisearch(url());
    const u = await createTestUser({ role: "admin" });
    const base = await prisma.base.create({
      data: {
        code: `T-b-${Date.now()}`,
        slug: `b-${Date.now()}`,
        nameZh: "基地",
        nameEn: "Base",
        industry: "medicine",
        province: "hubei",
        cityZh: "武汉",
        cityEn: "Wuhan",
      },
    });
    const c = {
      ...emptyContent(),
      title: "停机期间发布",
      summary: "摘要",
      topics: ["talent"],
      stage: "pilot" as const,
      periodStart: 2023,
    };
    const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "内容" }] }] };
    c.sections = { background: doc, approach: doc, results: doc, replicability: doc, lessons: null };
    const d = await createDraft(u.id, crypto.randomUUID(), c);
    const out = await publishCase(
      d.id,
      { id: u.id, role: "admin", baseId: null, baseVerified: false, emailVerified: true },
      { ...c, baseId: base.id },
      { expectedVersion: d.draftVersion },
    );
    expect(out.revision).toBe(1);
    const drained = await drainSearchOutbox("test");
    expect(drained.failed).toBeGreaterThan(0);
    const row = await prisma.searchOutbox.findFirst({ where: { docId: `case-${d.id}` } });
    expect(row?.lastError).toMatch(/SearchUnavailableError/);
    await prisma.searchOutbox.deleteMany({});
  }, 20_000);
});
