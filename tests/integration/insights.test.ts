// /insights and its CSV export (issue 11 point 7): only ministry staff and admins
// see it (per role), the figures count what ADR 027 says on a small known data
// set, a bad range keeps the input with errors in both languages, and the search
// demand log counts searches without identity, in batches, with retention.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { sqlProvider } from "~/utils/sql-dialect.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase, setCaseHidden } from "~/models/case.server.ts";
import { recordAdoption } from "~/models/adoption.server.ts";
import { createComment, parseCommentInput } from "~/models/comment.server.ts";
import {
  bufferedSearches,
  flushSearchLog,
  normalizeQuery,
  pruneSearchLog,
  recordSearch,
  shanghaiDay,
} from "~/models/search-log.server.ts";
import { loadInsights } from "~/models/insights.server.ts";
import { defaultRange } from "~/models/insights-range.ts";
import { toCsv } from "~/features/insights/tables.server.ts";
import * as insightsRoute from "~/routes/insights/route.tsx";
import * as csvRoute from "~/routes/insights_.csv.$dataset/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createPostingMember } from "../helpers/users.ts";

type Role = "member" | "moderator" | "ministry" | "admin";
const cookies: Partial<Record<Role | "verified", string>> = {};
const range = defaultRange();

const member = (baseId?: string, role: Role = "member") => createPostingMember({ role, baseId });

async function publish(author: Awaited<ReturnType<typeof member>>, title: string) {
  const actor = { id: author.id, role: "member", baseId: author.baseId, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title, summary: "s", baseId: author.baseId, stage: "pilot" as const };
  const d = await createDraft(author.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug };
}

beforeAll(async () => {
  // Three bases: two publish, one stays silent; adoptions go from Zhejiang to Sichuan and within Zhejiang.
  const zj = await createTestBase({ province: "zhejiang", industry: "textile-clothing" });
  const sc = await createTestBase({ province: "sichuan", industry: "agricultural" });
  const silent = await createTestBase({ province: "hainan", industry: "medicine", slug: "insights-silent-base" });
  void silent;
  const a = await member(zj.id);
  const b = await member(sc.id);
  const zj2base = await createTestBase({ province: "zhejiang", industry: "hardware-building" });
  const c = await member(zj2base.id);
  const case1 = await publish(a, "洞察案例一");
  const case2 = await publish(b, "洞察案例二");
  const hidden = await publish(a, "洞察隐藏案例");
  const input = (stage: "considering" | "piloting" | "adopted") => ({
    stage,
    note: "",
    outcome: "",
    metrics: [],
    followUpCaseId: null,
  });
  await recordAdoption({ caseId: case1.id, actor: b, input: input("adopted") }); // Sichuan ← Zhejiang: crosses province and industry
  await recordAdoption({ caseId: case1.id, actor: c, input: input("piloting") }); // Zhejiang ← Zhejiang: crosses industry only
  await recordAdoption({ caseId: hidden.id, actor: b, input: input("considering") });
  const mod = await member(undefined, "moderator");
  await setCaseHidden(hidden.id, mod, true, "test");
  // Discussion: one question answered by someone else, one answered only by its author, one with no reply.
  const say = (who: typeof a, caseId: string, text: string, parentId?: string) =>
    createComment({ caseId, actor: who, doc: parseCommentInput({ text }), parentId });
  const q1 = await say(b, case1.id, "问题一：投入多少？");
  await say(a, case1.id, "回答一", q1.id);
  const q2 = await say(b, case1.id, "问题二：有补贴吗？");
  await say(b, case1.id, "补充：我们这边没有。", q2.id);
  await say(c, case2.id, "问题三：能复制吗？");

  for (const role of ["member", "moderator", "ministry", "admin"] as const)
    cookies[role] = await cookieFor((await member(undefined, role)).id);
  cookies.verified = await cookieFor((await member(sc.id)).id);
});

describe("who sees the dashboard (per role)", () => {
  it("sends anonymous visitors to log in, refuses members, verified members and moderators, shows ministry staff and admins", async () => {
    const anon = await callRoute(insightsRoute.loader, { path: "/insights" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login");
    const anonCsv = await callRoute(csvRoute.loader, { path: "/insights/csv/calls", params: { dataset: "calls" } });
    expect(anonCsv.status).toBe(302);
    for (const role of ["member", "verified", "moderator"] as const) {
      const page = await callRoute(insightsRoute.loader, { path: "/insights", cookie: cookies[role] });
      expect(page.status, role).toBe(403);
      const csv = await callRoute(csvRoute.loader, {
        path: "/insights/csv/calls",
        params: { dataset: "calls" },
        cookie: cookies[role],
      });
      expect(csv.status, role).toBe(403);
    }
    for (const role of ["ministry", "admin"] as const) {
      const page = await callRoute(insightsRoute.loader, { path: "/insights", cookie: cookies[role] });
      expect(page.status, role).toBe(200);
      expect(page.data.range).toEqual(range);
    }
  });
});

describe("the figures", () => {
  it("counts coverage, adoptions across provinces and industries, and unanswered questions as documented", async () => {
    const ins = await loadInsights(range);
    expect(ins.coverage.silent.map((b) => b.slug)).toContain("insights-silent-base");
    const hainan = ins.coverage.byProvince.find((r) => r.key === "hainan")!;
    expect(hainan).toMatchObject({ publishing: 0 });
    // The hidden case's adoption does not count.
    expect(ins.adoptions.total).toBe(2);
    expect(ins.adoptions.byStage).toEqual([
      { stage: "considering", adoptions: 0 },
      { stage: "piloting", adoptions: 1 },
      { stage: "adopted", adoptions: 1 },
    ]);
    expect(ins.adoptions.byProvince.find((r) => r.key === "sichuan")).toEqual({
      key: "sichuan",
      adoptions: 1,
      crossing: 1,
      adopted: 1,
    });
    expect(ins.adoptions.byProvince.find((r) => r.key === "zhejiang")).toEqual({
      key: "zhejiang",
      adoptions: 1,
      crossing: 0,
      adopted: 0,
    });
    expect(ins.adoptions.byIndustry.find((r) => r.key === "hardware-building")?.crossing).toBe(1);
    expect(ins.adoptions.top[0]).toMatchObject({ title: "洞察案例一", adoptions: 2, adopted: 1 });
    // Questions: q1 answered by another member; q2 only by its author; q3 not at all.
    expect(ins.discussion.questions).toBe(3);
    expect(ins.discussion.unanswered).toBe(2);
    expect(ins.discussion.oldestUnanswered.map((q) => q.bodyText)).toEqual([
      "问题二：有补贴吗？",
      "问题三：能复制吗？",
    ]);
  });

  it("exports a table as CSV with a byte order mark, the reader's column names and spreadsheet formulas defused", async () => {
    const res = await callRoute(csvRoute.loader, {
      path: `/insights/csv/adoptions-province?from=${range.from}&to=${range.to}`,
      params: { dataset: "adoptions-province" },
      cookie: cookies.ministry,
      headers: { "accept-language": "en" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("insights-adoptions-province-");
    const text = String(res.data);
    expect(text.split("\r\n")[0]).toContain("Province,Adoptions,From another province,Adopted");
    expect(text).toContain("Sichuan,1,1,1");
    expect(toCsv({ id: "x", title: "x", columns: ["q"], rows: [["=HYPERLINK(1)"], ['a,"b"']] })).toBe(
      '\uFEFFq\r\n\'=HYPERLINK(1)\r\n"a,""b"""\r\n',
    );
    const unknown = await callRoute(csvRoute.loader, {
      path: "/insights/csv/nope",
      params: { dataset: "nope" },
      cookie: cookies.ministry,
    });
    expect(unknown.status).toBe(404);
  });

  it("answers a bad range with field errors, keeps what was typed and shows the default range", async () => {
    const res = await callRoute(insightsRoute.loader, {
      path: "/insights?from=2026-02-30&to=2025-01-01",
      cookie: cookies.admin,
    });
    expect(res.status).toBe(400);
    expect(res.data.result.error.from).toEqual(["insights:errors.dateInvalid"]);
    expect(res.data.result.initialValue).toEqual({ from: "2026-02-30", to: "2025-01-01" });
    expect(res.data.range).toEqual(range);
    const order = await callRoute(insightsRoute.loader, {
      path: "/insights?from=2026-03-01&to=2025-01-01",
      cookie: cookies.admin,
    });
    expect(order.data.result.error.to).toEqual(["insights:errors.rangeOrder"]);
  });
});

describe("search demand log", () => {
  it("normalizes queries, keeps no personal data, buffers and flushes in batches adding to the day's counts", async () => {
    expect(normalizeQuery("  Ｃｒｏｓｓ-Border   电商 ")).toBe("cross-border 电商");
    expect(normalizeQuery("zhang@example.cn")).toBeNull();
    expect(normalizeQuery("13812345678")).toBeNull();
    expect(normalizeQuery("   ")).toBeNull();
    const now = new Date("2026-11-30T20:00:00Z"); // 2026-12-01 in Beijing
    recordSearch({ query: "海外仓", locale: "zh-CN", results: 3, now });
    recordSearch({ query: "海外仓 ", locale: "zh-CN", results: 0, now });
    recordSearch({ query: "海外仓", locale: "zh-CN", results: 5, page: 2, now }); // turning pages is not a search
    recordSearch({ query: "overseas warehouse", locale: "en", results: 0, now });
    expect(bufferedSearches()).toBe(2);
    expect(await prisma.searchQueryDaily.count()).toBe(0); // nothing written while searching
    await prisma.searchQueryDaily.create({
      data: { day: "2026-05-01", query: "stale", locale: "zh-CN", searches: 1, zeroResults: 0 },
    });
    await flushSearchLog(now);
    recordSearch({ query: "海外仓", locale: "zh-CN", results: 0, now });
    await flushSearchLog(now);
    const rows = await prisma.searchQueryDaily.findMany({ orderBy: { query: "asc" } });
    expect(rows).toEqual([
      { day: "2026-12-01", query: "overseas warehouse", locale: "en", searches: 1, zeroResults: 1, isDemo: false },
      { day: "2026-12-01", query: "海外仓", locale: "zh-CN", searches: 3, zeroResults: 2, isDemo: false },
    ]);
    expect(shanghaiDay(now)).toBe("2026-12-01");
    // The first flush of a day pruned what is past the retention (180 days), itself: no job, no Prisma (ADR 068).
    expect(await prisma.job.count({ where: { kind: "search-log.prune" } })).toBe(0);
  });

  it("shows the most frequent queries and those that found nothing, and prunes past the retention", async () => {
    const ins = await loadInsights({ from: "2026-12-01", to: "2026-12-01" });
    expect(ins.search.top.map((q) => q.query)).toEqual(["海外仓", "overseas warehouse"]);
    expect(ins.search.zero.map((q) => [q.query, q.zeroResults])).toEqual([
      ["海外仓", 2],
      ["overseas warehouse", 1],
    ]);
    await prisma.searchQueryDaily.create({
      data: { day: "2026-05-01", query: "old", locale: "zh-CN", searches: 1, zeroResults: 0 },
    });
    const removed = await pruneSearchLog(new Date("2026-12-01T00:00:00Z"), 180);
    expect(removed).toBe(1);
    expect(await prisma.searchQueryDaily.count({ where: { query: "old" } })).toBe(0);
    expect(await prisma.searchQueryDaily.count()).toBe(2);
  });

  it("writes the counts while a write transaction holds the database, after it commits, without blocking the process", async () => {
    const now = new Date("2026-11-30T20:00:00Z");
    recordSearch({ query: "while busy", locale: "en", results: 1, now });
    let flush: Promise<void> | undefined;
    let flushed = false;
    await prisma.$transaction(async (tx) => {
      // On SQLite the transaction holds the write lock from its start (BEGIN IMMEDIATE) until it commits.
      await tx.topic.count();
      flush = flushSearchLog(now).then(() => void (flushed = true));
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 150));
      // The timer fired on time: the waiting flush does not hold the thread (a busy timeout would, for 5 s).
      expect(Date.now() - started).toBeLessThan(1000);
      if (sqlProvider() === "sqlite") expect(flushed).toBe(false);
    });
    await flush;
    const row = await prisma.searchQueryDaily.findUnique({
      where: { day_query_locale: { day: "2026-12-01", query: "while busy", locale: "en" } },
    });
    expect(row?.searches).toBe(1);
  });
});
