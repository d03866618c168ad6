// The demo case studies: seeded through the real draft/publish path on this
// file's own database, covering every topic, industry and stage, every section
// accepted by the editor validator, a few pictures and second revisions, dates
// spread over the last months — and a second run adds nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { INDUSTRIES } from "~/models/industry.ts";
import { LIMITS, SECTIONS, STAGES, REQUIRED_SECTIONS, type CaseContent } from "~/models/case-content.ts";
import { isEmptyDoc, validateDoc } from "~/editor/validate.server.ts";
import { statUpload } from "~/models/upload.server.ts";
import * as pageRoute from "~/routes/cases.$slug/route.tsx";
import * as historyRoute from "~/routes/cases.$slug_.history/route.tsx";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { DEMO_CASES, seedDemoCases } from "../../prisma/demo-cases.ts";
import { callRoute } from "../helpers/route.ts";

const CJK = /[\u4e00-\u9fff]/;
const DAY = 86_400_000;

interface Node {
  type?: string;
  attrs?: Record<string, unknown>;
  content?: Node[];
}
function collect(doc: unknown, type: string): Node[] {
  const out: Node[] = [];
  const stack = [doc as Node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n?.type === type) out.push(n);
    if (n?.content) stack.push(...n.content);
  }
  return out;
}

let seeded = false;

beforeAll(async () => {
  seeded = await seedIfEmpty({ quiet: true });
}, 300_000);

describe("demo case studies", () => {
  it("the data itself: enough cases, about half in each language, unique keys", () => {
    expect(DEMO_CASES.length).toBeGreaterThanOrEqual(32);
    const zh = DEMO_CASES.filter((c) => c.lang === "zh");
    const en = DEMO_CASES.filter((c) => c.lang === "en");
    expect(Math.abs(zh.length - en.length)).toBeLessThanOrEqual(2);
    for (const c of zh) expect(CJK.test(c.title), c.key).toBe(true);
    for (const c of en) expect(CJK.test(c.title), c.key).toBe(false);
    expect(zh.filter((c) => c.titleEn && c.summaryEn).length).toBeGreaterThanOrEqual(3);
    expect(new Set(DEMO_CASES.map((c) => c.key)).size).toBe(DEMO_CASES.length);
    for (const c of DEMO_CASES) {
      expect(c.metrics.length, c.key).toBeGreaterThanOrEqual(2);
      expect(c.metrics.length, c.key).toBeLessThanOrEqual(5);
      expect(c.topics.length, c.key).toBeGreaterThanOrEqual(1);
      expect(c.topics.length, c.key).toBeLessThanOrEqual(3);
      expect(c.summary.length, c.key).toBeLessThanOrEqual(LIMITS.summary);
      for (const s of SECTIONS) {
        expect(c.sections[s].length, `${c.key} ${s}`).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("publishes every case through the draft/publish path, all marked demo", async () => {
    expect(seeded).toBe(true);
    const cases = await prisma.caseStudy.findMany({
      select: {
        id: true,
        status: true,
        isDemo: true,
        revisionNumber: true,
        hasPendingDraft: true,
        clientKey: true,
        baseId: true,
      },
    });
    expect(cases.length).toBe(DEMO_CASES.length);
    expect(cases.length).toBeGreaterThanOrEqual(30);
    for (const c of cases) {
      expect(c.status).toBe("published");
      expect(c.isDemo).toBe(true);
      expect(c.hasPendingDraft).toBe(false);
      expect(c.revisionNumber).toBeGreaterThanOrEqual(1);
      expect(c.clientKey).toMatch(/^demo:/);
    }
    expect(await prisma.searchOutbox.count({ where: { docId: { startsWith: "case-" } } })).toBeGreaterThan(0);
  });

  it("covers all topics, industries and stages, and each case sits under a base of a fitting industry", async () => {
    const topics = await prisma.caseTopic.findMany({ select: { topic: { select: { slug: true } } } });
    expect(new Set(topics.map((t) => t.topic.slug))).toEqual(new Set(DEFAULT_TOPICS.map((t) => t.slug)));
    const cases = await prisma.caseStudy.findMany({
      select: { industry: true, stage: true, clientKey: true, base: { select: { slug: true, industry: true } } },
    });
    expect(new Set(cases.map((c) => c.industry))).toEqual(new Set(INDUSTRIES));
    expect(new Set(cases.map((c) => c.stage))).toEqual(new Set(STAGES));
    for (const c of cases) {
      const source = DEMO_CASES.find((d) => `demo:${d.key}` === c.clientKey)!;
      expect(c.base?.slug).toBe(source.base);
      expect(c.industry).toBe(c.base?.industry);
    }
  });

  it("each case is stored in the language it is written in", async () => {
    const cases = await prisma.caseStudy.findMany({ select: { clientKey: true, contentLanguage: true } });
    expect(cases.length).toBe(DEMO_CASES.length);
    for (const c of cases) {
      const source = DEMO_CASES.find((d) => `demo:${d.key}` === c.clientKey)!;
      expect(c.contentLanguage, source.key).toBe(source.lang === "en" ? "en" : "zh-CN");
    }
  });

  it("the verified member authors the cases of their base; the admin the rest", async () => {
    const member = await prisma.user.findUniqueOrThrow({
      where: { username: "demo-verified" },
      select: { id: true, baseId: true },
    });
    const admin = await prisma.user.findUniqueOrThrow({ where: { username: "demo-admin" }, select: { id: true } });
    const cases = await prisma.caseStudy.findMany({ select: { authorId: true, baseId: true } });
    const own = cases.filter((c) => c.baseId === member.baseId);
    expect(own.length).toBeGreaterThanOrEqual(1);
    for (const c of own) expect(c.authorId).toBe(member.id);
    for (const c of cases.filter((c) => c.baseId !== member.baseId)) expect(c.authorId).toBe(admin.id);
  });

  it("every revision's content passes the editor validator and the form limits", async () => {
    const revisions = await prisma.caseRevision.findMany({ select: { content: true, caseId: true, number: true } });
    const links: string[] = [];
    for (const r of revisions) {
      const content = JSON.parse(r.content) as CaseContent;
      expect(content.title.length).toBeLessThanOrEqual(LIMITS.title);
      expect(content.summary.length).toBeLessThanOrEqual(LIMITS.summary);
      expect(content.metrics.length).toBeGreaterThanOrEqual(2);
      expect(content.metrics.length).toBeLessThanOrEqual(5);
      expect(content.periodStart).toBeGreaterThanOrEqual(2015);
      for (const s of SECTIONS) {
        const doc = content.sections[s];
        expect(doc, `${r.caseId} ${s}`).not.toBeNull();
        const checked = validateDoc(doc, "case");
        expect(checked.ok ? [] : checked.details, `${r.caseId} #${r.number} ${s}`).toEqual([]);
        // Stored exactly as the validator normalizes it.
        if (checked.ok) expect(checked.doc).toEqual(doc);
      }
      for (const s of REQUIRED_SECTIONS) expect(isEmptyDoc(content.sections[s] as never)).toBe(false);
      for (const s of SECTIONS)
        links.push(...Array.from(JSON.stringify(content.sections[s]).matchAll(/"href":"([^"]*)"/g), (m) => m[1]!));
    }
    // A few links, all https.
    expect(links.length).toBeGreaterThanOrEqual(2);
    for (const href of links) expect(href).toMatch(/^https:\/\//);
  });

  it("a few cases carry a stored picture; a few have a second revision with a note", async () => {
    const cases = await prisma.caseStudy.findMany({
      select: {
        id: true,
        revisionNumber: true,
        revisions: { orderBy: { number: "desc" }, take: 1, select: { content: true } },
      },
    });
    const images = cases.flatMap((c) =>
      SECTIONS.flatMap((s) => collect(JSON.parse(c.revisions[0]!.content).sections[s], "image")),
    );
    expect(images.length).toBeGreaterThanOrEqual(3);
    expect(images.length).toBeLessThanOrEqual(4);
    for (const img of images) {
      const src = String(img.attrs?.src);
      expect(src).toMatch(/^\/resources\/uploads\/[0-9a-f]{64}\.webp$/);
      expect(await statUpload(src.split("/").pop())).not.toBeNull();
      expect(String(img.attrs?.alt ?? "")).not.toBe("");
    }
    const revised = cases.filter((c) => c.revisionNumber === 2);
    expect(revised.length).toBeGreaterThanOrEqual(3);
    const notes = await prisma.caseRevision.findMany({ where: { number: 2 }, select: { note: true } });
    for (const n of notes) expect(n.note).toBeTruthy();
  });

  it("spreads publication dates over the last ~18 months, revisions after the first publication", async () => {
    const now = Date.now();
    const cases = await prisma.caseStudy.findMany({
      select: {
        publishedAt: true,
        revisions: { orderBy: { number: "asc" }, select: { number: true, createdAt: true } },
      },
    });
    const times = cases.map((c) => c.publishedAt!.getTime());
    expect(Math.min(...times)).toBeLessThan(now - 450 * DAY);
    expect(Math.min(...times)).toBeGreaterThan(now - 560 * DAY);
    expect(Math.max(...times)).toBeLessThan(now);
    expect(new Set(times.map((t) => Math.floor(t / DAY))).size).toBeGreaterThan(cases.length * 0.8);
    for (const c of cases) {
      expect(c.revisions[0]!.createdAt.getTime()).toBe(c.publishedAt!.getTime());
      if (c.revisions[1]) {
        expect(c.revisions[1].createdAt.getTime()).toBeGreaterThan(c.publishedAt!.getTime());
        expect(c.revisions[1].createdAt.getTime()).toBeLessThan(now);
      }
    }
  });

  it("readers see a demo case page and its history", async () => {
    const c = await prisma.caseStudy.findFirstOrThrow({
      where: { revisionNumber: 2 },
      select: { slug: true, title: true },
    });
    const page = await callRoute(pageRoute.loader, { path: `/cases/${c.slug}`, params: { slug: c.slug } });
    expect(page.status).toBe(200);
    expect(page.data.case.title).toBe(c.title);
    const history = await callRoute(historyRoute.loader, {
      path: `/cases/${c.slug}/history`,
      params: { slug: c.slug },
    });
    expect(history.status).toBe(200);
  });

  it("a second run adds nothing", async () => {
    const before = await Promise.all([
      prisma.caseStudy.count(),
      prisma.caseRevision.count(),
      prisma.base.count(),
      prisma.user.count(),
    ]);
    expect(await seedDemoCases({ quiet: true })).toBe(0);
    expect(await seedIfEmpty({ quiet: true })).toBe(false);
    const after = await Promise.all([
      prisma.caseStudy.count(),
      prisma.caseRevision.count(),
      prisma.base.count(),
      prisma.user.count(),
    ]);
    expect(after).toEqual(before);
  });
});
