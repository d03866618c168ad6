// Issue 12.1/12.2: a case's content language and its translation. Who may write a
// translation (author, moderator, ministry, admin — not another member, not a
// visitor), its revisions, the search outbox, and what readers of each language get.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { createDraft, publishCase, CaseError } from "~/models/case.server.ts";
import { emptyContent, type CaseContent } from "~/models/case-content.ts";
import { saveTranslation } from "~/models/case-translation.server.ts";
import * as translationRoute from "~/routes/cases.$slug_.translation/route.tsx";
import * as caseRoute from "~/routes/cases.$slug/route.tsx";
import * as listRoute from "~/routes/cases._index/route.tsx";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

type Key = "author" | "other" | "moderator" | "ministry" | "admin";
const people = {} as Record<Key, { id: string; role: string; cookie: string }>;
let caseId = "";
let slug = "";

function content(title: string, lang: "zh-CN" | "en" = "zh-CN"): CaseContent {
  return {
    ...emptyContent(),
    title,
    summary: `${title}的摘要`,
    contentLanguage: lang,
    topics: ["logistics"],
    stage: "pilot",
    periodStart: 2022,
    sections: {
      background: doc("背景原文"),
      approach: doc("做法原文"),
      results: doc("成效原文"),
      replicability: doc("条件"),
      lessons: null,
    },
  };
}

async function publish(authorId: string, c: CaseContent) {
  const author = await prisma.user.findUniqueOrThrow({ where: { id: authorId } });
  const d = await createDraft(authorId, crypto.randomUUID(), c);
  const actor = { id: author.id, role: author.role, baseId: author.baseId, baseVerified: true, emailVerified: true };
  const r = await publishCase(d.id, actor, c, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug };
}

const form = (title: string, revision: number) => ({
  title,
  summary: `${title} summary`,
  revision: String(revision),
  background: JSON.stringify(doc("Background in English")),
  approachText: "Approach typed without JavaScript",
});

const post = (cookie: string | undefined, f: Record<string, string>) =>
  callRoute(translationRoute.action, { path: `/cases/${slug}/translation`, params: { slug }, cookie, form: f });

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  const base = await createTestBase();
  for (const [key, role] of [
    ["author", "member"],
    ["other", "member"],
    ["moderator", "moderator"],
    ["ministry", "ministry"],
    ["admin", "admin"],
  ] as const) {
    const u = await createTestUser({ role: role as "member" });
    await prisma.user.update({ where: { id: u.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
    people[key] = { id: u.id, role, cookie: await cookieFor(u.id) };
  }
  ({ id: caseId, slug } = await publish(people.author.id, content("跨境电商物流")));
});

describe("who may write a translation", () => {
  it("a visitor is sent to log in; another member is refused, by the route and the model", async () => {
    const anon = await post(undefined, form("Nope", 0));
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login/);
    const page = await callRoute(translationRoute.loader, {
      path: `/cases/${slug}/translation`,
      params: { slug },
      cookie: people.other.cookie,
    });
    expect(page.status).toBe(403);
    expect((await post(people.other.cookie, form("Nope", 0))).status).toBe(403);
    await expect(
      saveTranslation(
        caseId,
        people.other,
        { title: "x", summary: "y", sections: {} as never },
        { expectedRevision: 0 },
      ),
    ).rejects.toBeInstanceOf(CaseError);
    expect(await prisma.caseTranslation.count({ where: { caseId } })).toBe(0);
  });

  it("the author writes it: revision 1 in English, re-indexed, not audited", async () => {
    const before = await prisma.searchOutbox.count({ where: { docId: `case-${caseId}` } });
    const page = await callRoute(translationRoute.loader, {
      path: `/cases/${slug}/translation`,
      params: { slug },
      cookie: people.author.cookie,
    });
    expect(page.status).toBe(200);
    expect(page.data.locale).toBe("en");
    expect(page.data.meta.title).toMatch(/ · .+$/);
    const res = await post(people.author.cookie, form("Cross-border logistics", 0));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/cases/${slug}?lang=en&translated=1`);
    const tr = await prisma.caseTranslation.findUniqueOrThrow({
      where: { caseId_locale: { caseId, locale: "en" } },
      include: { revisions: true },
    });
    expect(tr.title).toBe("Cross-border logistics");
    expect(tr.revisionNumber).toBe(1);
    expect(tr.revisions.map((r) => r.number)).toEqual([1]);
    const sections = JSON.parse(tr.content);
    expect(JSON.stringify(sections.background)).toContain("Background in English");
    expect(JSON.stringify(sections.approach)).toContain("Approach typed without JavaScript");
    expect(sections.results).toBeNull();
    expect(await prisma.searchOutbox.count({ where: { docId: `case-${caseId}` } })).toBe(before + 1);
    expect(await prisma.auditLog.count({ where: { targetId: caseId, action: "case.translate" } })).toBe(0);
  });

  it("moderator, ministry staff and admin edit it as new revisions, each audited", async () => {
    let revision = 1;
    for (const key of ["moderator", "ministry", "admin"] as const) {
      const res = await post(people[key].cookie, form(`Logistics (${key})`, revision));
      expect(res.status, key).toBe(302);
      revision += 1;
    }
    const tr = await prisma.caseTranslation.findUniqueOrThrow({
      where: { caseId_locale: { caseId, locale: "en" } },
      include: { revisions: { orderBy: { number: "asc" } } },
    });
    expect(tr.revisionNumber).toBe(4);
    expect(tr.revisions.map((r) => r.editorId)).toEqual([
      people.author.id,
      people.moderator.id,
      people.ministry.id,
      people.admin.id,
    ]);
    expect(await prisma.auditLog.count({ where: { targetId: caseId, action: "case.translate" } })).toBe(3);
  });

  it("a stale revision is a conflict (409), not an overwrite; an empty title is a field error (400)", async () => {
    const stale = await post(people.author.cookie, form("Stale", 1));
    expect(stale.status).toBe(409);
    const empty = await post(people.author.cookie, { ...form("", 4), title: "" });
    expect(empty.status).toBe(400);
    expect(empty.data.result.error.title).toEqual(["language:errors.titleRequired"]);
    expect(empty.data.result.initialValue.summary).toBe(" summary");
    const tr = await prisma.caseTranslation.findUniqueOrThrow({ where: { caseId_locale: { caseId, locale: "en" } } });
    expect(tr.title).toBe("Logistics (admin)");
  });
});

describe("readers", () => {
  const read = (lang: string) => callRoute(caseRoute.loader, { path: `/cases/${slug}?lang=${lang}`, params: { slug } });

  it("an English reader gets the translation, untranslated sections in Chinese marked with lang", async () => {
    const page = await read("en");
    expect(page.status).toBe(200);
    expect(page.data.case.title).toBe("Logistics (admin)");
    expect(page.data.case.titleLang).toBe("en");
    expect(page.data.case.translatedFrom).toBe("zh-CN");
    expect(page.data.case.untranslated).toBeNull();
    const bySection = Object.fromEntries(
      page.data.sections.map((s: { name: string; lang: string; html: string }) => [s.name, s]),
    );
    expect(bySection.background.lang).toBe("en");
    expect(bySection.background.html).toContain("Background in English");
    expect(bySection.results.lang).toBe("zh-CN");
    expect(bySection.results.html).toContain("成效原文");
  });

  it("a Chinese reader gets the original", async () => {
    const page = await read("zh-CN");
    expect(page.data.case.title).toBe("跨境电商物流");
    expect(page.data.case.translatedFrom).toBeNull();
    expect(page.data.sections[0].lang).toBe("zh-CN");
  });

  it("an English reader of an untranslated Chinese case is told so", async () => {
    const other = await publish(people.author.id, content("未翻译的案例"));
    const page = await callRoute(caseRoute.loader, {
      path: `/cases/${other.slug}?lang=en`,
      params: { slug: other.slug },
    });
    expect(page.data.case.untranslated).toBe("en");
    expect(page.data.case.contentLanguage).toBe("zh-CN");
    expect(page.data.case.titleLang).toBe("zh-CN");
  });

  it("a case written in English is English for English readers and needs a Chinese translation", async () => {
    const en = await publish(people.author.id, content("Written in English", "en"));
    const row = await prisma.caseStudy.findUniqueOrThrow({ where: { id: en.id } });
    expect(row.contentLanguage).toBe("en");
    const enPage = await callRoute(caseRoute.loader, { path: `/cases/${en.slug}?lang=en`, params: { slug: en.slug } });
    expect(enPage.data.case.untranslated).toBeNull();
    const zhPage = await callRoute(caseRoute.loader, {
      path: `/cases/${en.slug}?lang=zh-CN`,
      params: { slug: en.slug },
    });
    expect(zhPage.data.case.untranslated).toBe("zh-CN");
    const edit = await callRoute(translationRoute.loader, {
      path: `/cases/${en.slug}/translation`,
      params: { slug: en.slug },
      cookie: people.author.cookie,
    });
    expect(edit.data.locale).toBe("zh-CN");
  });

  it("the case list says which cases are in English and filters on it", async () => {
    const all = await callRoute(listRoute.loader, { path: "/cases?lang=en" });
    const bySlug = Object.fromEntries(all.data.cases.map((c: { slug: string }) => [c.slug, c]));
    expect(bySlug[slug].availableIn).toEqual(["zh-CN", "en"]);
    expect(bySlug[slug].title).toBe("Logistics (admin)");
    // A card carries what the card shows, nothing more: it is serialized into the page (issue 15.1).
    expect(Object.keys(bySlug[slug]).sort()).toEqual([
      "availableIn",
      "base",
      "industry",
      "isDemo",
      "publishedAt",
      "slug",
      "summary",
      "summaryLang",
      "title",
      "titleLang",
      "topics",
    ]);
    const onlyEn = await callRoute(listRoute.loader, { path: "/cases?lang=en&available=en" });
    const slugs = onlyEn.data.cases.map((c: { slug: string }) => c.slug);
    expect(slugs).toContain(slug);
    expect(onlyEn.data.cases.every((c: { availableIn: string[] }) => c.availableIn.includes("en"))).toBe(true);
    expect(onlyEn.data.total).toBe(onlyEn.data.cases.length);
    expect(onlyEn.data.total).toBeLessThan(all.data.total);
  });
});

describe("search", () => {
  it("the case's search document carries the English translation", async () => {
    const { caseSearchDocuments } = await import("~/models/search-documents.server.ts");
    const { upserts } = await caseSearchDocuments([caseId]);
    expect(upserts[0]!.fields.titleEn).toBe("Logistics (admin)");
    expect(String(upserts[0]!.fields.body)).toContain("Background in English");
  });
});
