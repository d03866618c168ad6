// Draft → publish → edit → revision, with the rules users rely on: only the
// author (or a moderator) edits, publishing needs the required sections and
// keeps what was typed when it fails, a double publish makes one case, and two
// tabs editing one draft are told instead of overwriting each other.
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createRemixStub } from "@remix-run/testing";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import * as newRoute from "~/routes/cases.new/route.tsx";
import * as editRoute from "~/routes/cases.$slug_.edit/route.tsx";
import * as pageRoute from "~/routes/cases.$slug/route.tsx";
import * as historyRoute from "~/routes/cases.$slug_.history/route.tsx";
import * as draftsApi from "~/routes/resources.case-drafts/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const para = (text: string) =>
  JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

function caseForm(overrides: Record<string, string | string[]> = {}) {
  return {
    title: "义乌跨境电商公共海外仓建设",
    summary: "通过共建公共海外仓，中小外贸企业的物流成本下降三成。",
    topics: ["cross-border-ecommerce", "logistics"],
    stage: "implemented",
    periodStart: "2021",
    periodEnd: "2023",
    "metrics[0].label": "平均物流成本",
    "metrics[0].before": "100",
    "metrics[0].after": "70",
    "metrics[0].unit": "元/件",
    background: para("中小企业出海物流成本高。"),
    approach: para("政府引导、龙头企业共建公共海外仓。"),
    results: para("物流成本下降 30%。"),
    replicability: para("需要有一定规模的出口企业集聚。"),
    lessons: para("先试点再推广。"),
    ...overrides,
  };
}

let base: { id: string };
let author: { id: string; cookie: string };
let other: { id: string; cookie: string };
let moderator: { id: string; cookie: string };

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  base = await prisma.base.create({
    data: {
      code: "T-yiwu",
      slug: "yiwu",
      nameZh: "义乌小商品基地",
      nameEn: "Yiwu Small Commodities Base",
      industry: "light-industry-crafts",
      province: "zhejiang",
      cityZh: "义乌",
      cityEn: "Yiwu",
    },
    select: { id: true },
  });
  const a = await createTestUser();
  await prisma.user.update({ where: { id: a.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  author = { id: a.id, cookie: await cookieFor(a.id) };
  const o = await createTestUser();
  await prisma.user.update({ where: { id: o.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  other = { id: o.id, cookie: await cookieFor(o.id) };
  const m = await createTestUser({ role: "moderator" });
  moderator = { id: m.id, cookie: await cookieFor(m.id) };
});

async function newDraft(cookie: string, form = caseForm()) {
  const res = await callRoute(newRoute.action, {
    path: "/cases/new",
    cookie,
    form: { ...form, intent: "save", clientKey: crypto.randomUUID(), version: "0" },
  });
  expect(res.status).toBe(302);
  const slug = /^\/cases\/([^/]+)\/edit/.exec(res.headers.get("location") ?? "")?.[1];
  expect(slug).toBeTruthy();
  return slug!;
}

async function editPage(slug: string, cookie: string) {
  return callRoute(editRoute.loader, { path: `/cases/${slug}/edit`, params: { slug }, cookie });
}

describe("case studies", () => {
  it("a draft is visible only to its author until published, then readers see it", async () => {
    const slug = await newDraft(author.cookie);
    const reader = await callRoute(pageRoute.loader, { path: `/cases/${slug}`, params: { slug } });
    expect(reader.status).toBe(404);
    const otherEdit = await editPage(slug, other.cookie);
    // Someone else's draft does not exist for them (issue 10.5).
    expect(otherEdit.status).toBe(404);

    const page = await editPage(slug, author.cookie);
    const published = await callRoute(editRoute.action, {
      path: `/cases/${slug}/edit`,
      params: { slug },
      cookie: author.cookie,
      form: { ...caseForm(), intent: "publish", version: String(page.data.case.version) },
    });
    expect(published.status).toBe(302);
    const location = published.headers.get("location")!;
    expect(location).toMatch(/^\/cases\/yiwu-kuajing-dianshang/);
    const newSlug = location.split("/")[2]!.split("?")[0]!;
    const view = await callRoute(pageRoute.loader, { path: `/cases/${newSlug}`, params: { slug: newSlug } });
    expect(view.status).toBe(200);
    expect(view.data.case.title).toBe("义乌跨境电商公共海外仓建设");
    expect(view.data.sections.map((s: { name: string }) => s.name)).toEqual([
      "background",
      "approach",
      "results",
      "replicability",
      "lessons",
    ]);
    expect(view.data.chart).toContain("<svg");
    // The author follows their case's discussion from the first publish; a reader does not.
    expect(view.data.following).toBe(false);
    const own = await callRoute(pageRoute.loader, {
      path: `/cases/${newSlug}`,
      params: { slug: newSlug },
      cookie: author.cookie,
    });
    expect(own.data.following).toBe(true);
    // The draft slug keeps no page of its own; the case records one outbox row per publish.
    const outbox = await prisma.searchOutbox.count({ where: { docId: { startsWith: "case-" } } });
    expect(outbox).toBeGreaterThan(0);
  });

  it("a document's data leaves the sections, chart, QR code and JSON-LD to the markup; a client navigation's data carries them", async () => {
    const marker = `只在标记里出现一次${Math.random().toString(36).slice(2, 8)}`;
    const slug = await newDraft(author.cookie, caseForm({ title: "标记一次的案例", results: para(marker) }));
    const page = await editPage(slug, author.cookie);
    const published = await callRoute(editRoute.action, {
      path: `/cases/${slug}/edit`,
      params: { slug },
      cookie: author.cookie,
      form: {
        ...caseForm({ title: "标记一次的案例", results: para(marker) }),
        intent: "publish",
        version: String(page.data.case.version),
      },
    });
    expect(published.status).toBe(302);
    const live = published.headers.get("location")!.split("/")[2]!.split("?")[0]!;
    const load = (document: boolean) =>
      callRoute(pageRoute.loader, { path: `/cases/${live}`, params: { slug: live }, document });
    const doc = (await load(true)).data;
    const nav = (await load(false)).data;
    // The server's render reads them; turbo-stream, like JSON, writes enumerable keys only.
    expect(doc.chart).toContain("<svg");
    expect(doc.share.qrSvg).toContain("<svg");
    expect(doc.sections.find((s: { name: string }) => s.name === "results").html).toContain(marker);
    expect(doc.jsonLd).toContain('"@type":"Article"');
    const serialized = JSON.stringify(doc);
    for (const left of [doc.chart, doc.share.qrSvg, doc.jsonLd, marker]) expect(serialized).not.toContain(left);
    expect(Object.keys(doc)).not.toContain("chart");
    expect(serialized).toContain(doc.share.url);
    // A client navigation gets all of it (its data is all the browser receives).
    const navSerialized = JSON.stringify(nav);
    for (const kept of [nav.chart, nav.share.qrSvg, nav.jsonLd, marker])
      expect(navSerialized).toContain(JSON.stringify(kept).slice(1, -1));
    // The rendered page holds each once, in the elements the browser reads them back from.
    const Stub = createRemixStub([
      { id: "page", path: "/cases/:slug", Component: pageRoute.default, loader: () => doc },
    ]);
    const html = renderToString(
      h(
        I18nextProvider,
        { i18n: i18nFor("zh-CN") },
        h(Stub, { initialEntries: [`/cases/${live}`], hydrationData: { loaderData: { page: doc } } }),
      ),
    );
    expect(html.split(marker).length - 1).toBe(1);
    expect(html).toContain(`<figure id="case-chart" class="metrics-chart" aria-hidden="true">${doc.chart}</figure>`);
    expect(html).toMatch(
      new RegExp(`id="share-qr-svg"[^>]*>${doc.share.qrSvg.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
    expect(html).toContain(`id="section-results-text"`);
  });

  it("publishing with a required section empty answers 400 with field errors and keeps the input", async () => {
    const slug = await newDraft(author.cookie);
    const page = await editPage(slug, author.cookie);
    const res = await callRoute(editRoute.action, {
      path: `/cases/${slug}/edit`,
      params: { slug },
      cookie: author.cookie,
      form: {
        ...caseForm({ results: "", title: "保留我输入的标题" }),
        intent: "publish",
        version: String(page.data.case.version),
      },
    });
    expect(res.status).toBe(400);
    expect(res.data.result.error.results).toEqual(["cases:errors.sectionRequired"]);
    expect(res.data.result.initialValue.title).toBe("保留我输入的标题");
    const c = await prisma.caseStudy.findFirst({ where: { slug }, select: { revisionNumber: true } });
    expect(c?.revisionNumber).toBe(0);
  });

  it("an unverified member can draft but not publish", async () => {
    const u = await createTestUser();
    const cookie = await cookieFor(u.id);
    const slug = await newDraft(cookie);
    const page = await editPage(slug, cookie);
    expect(page.data.form.canPublish).toBe(false);
    const res = await callRoute(editRoute.action, {
      path: `/cases/${slug}/edit`,
      params: { slug },
      cookie,
      form: { ...caseForm(), intent: "publish", version: String(page.data.case.version) },
    });
    expect(res.status).toBe(400);
    expect(res.data.result.error[""]).toEqual(["cases:errors.notVerified"]);
  });

  it("a double-clicked publish makes one case and one revision", async () => {
    const form = {
      ...caseForm({ title: "Double click case" }),
      intent: "publish",
      clientKey: crypto.randomUUID(),
      version: "0",
    };
    const [a, b] = await Promise.all([
      callRoute(newRoute.action, { path: "/cases/new", cookie: author.cookie, form }),
      callRoute(newRoute.action, { path: "/cases/new", cookie: author.cookie, form }),
    ]);
    expect(a.status).toBe(302);
    expect(b.status).toBe(302);
    expect(a.headers.get("location")?.split("?")[0]).toBe(b.headers.get("location")?.split("?")[0]);
    const cases = await prisma.caseStudy.findMany({
      where: { title: "Double click case" },
      select: { revisionNumber: true },
    });
    expect(cases).toEqual([{ revisionNumber: 1 }]);
  });

  it("two tabs editing one draft: the second save is told, not silently applied", async () => {
    const slug = await newDraft(author.cookie);
    const page = await editPage(slug, author.cookie);
    const caseId = page.data.case.id as string;
    const version = String(page.data.case.version);
    const tabA = await callRoute(draftsApi.action, {
      path: "/resources/case-drafts",
      cookie: author.cookie,
      form: { ...caseForm({ title: "Tab A" }), caseId, version },
    });
    expect(tabA.status).toBe(200);
    const tabB = await callRoute(draftsApi.action, {
      path: "/resources/case-drafts",
      cookie: author.cookie,
      form: { ...caseForm({ title: "Tab B" }), caseId, version },
    });
    expect(tabB.status).toBe(409);
    const stored = await prisma.caseStudy.findUnique({ where: { id: caseId }, select: { draft: true } });
    expect(JSON.parse(stored!.draft).title).toBe("Tab A");
    // Another member cannot autosave into it: for them it does not exist.
    const intruder = await callRoute(draftsApi.action, {
      path: "/resources/case-drafts",
      cookie: other.cookie,
      form: { ...caseForm(), caseId, version: String(tabA.data.version) },
    });
    expect(intruder.status).toBe(404);
  });

  it("editing a published case keeps readers on the published version until the update is published, which records a revision", async () => {
    const slug0 = await newDraft(author.cookie, caseForm({ title: "Revision flow case" }));
    let page = await editPage(slug0, author.cookie);
    const pub = await callRoute(editRoute.action, {
      path: "",
      params: { slug: slug0 },
      cookie: author.cookie,
      form: {
        ...caseForm({ title: "Revision flow case" }),
        intent: "publish",
        version: String(page.data.case.version),
      },
    });
    const slug = pub.headers.get("location")!.split("/")[2]!.split("?")[0]!;
    page = await editPage(slug, author.cookie);
    const caseId = page.data.case.id as string;
    const auto = await callRoute(draftsApi.action, {
      path: "/resources/case-drafts",
      cookie: author.cookie,
      form: {
        ...caseForm({ title: "Revision flow case", results: para("物流成本下降 45%。") }),
        caseId,
        version: String(page.data.case.version),
      },
    });
    expect(auto.status).toBe(200);
    let view = await callRoute(pageRoute.loader, { path: `/cases/${slug}`, params: { slug } });
    expect(view.data.sections.find((s: { name: string }) => s.name === "results").html).toContain("30%");

    // A moderator may edit someone else's case; a plain member may not.
    expect((await editPage(slug, other.cookie)).status).toBe(403);
    expect((await editPage(slug, moderator.cookie)).status).toBe(200);

    const update = await callRoute(editRoute.action, {
      path: "",
      params: { slug },
      cookie: author.cookie,
      form: {
        ...caseForm({ title: "Revision flow case", results: para("物流成本下降 45%。") }),
        intent: "publish",
        version: String(auto.data.version),
        note: "更新了成效数据",
      },
    });
    expect(update.status).toBe(302);
    view = await callRoute(pageRoute.loader, { path: `/cases/${slug}`, params: { slug } });
    expect(view.data.sections.find((s: { name: string }) => s.name === "results").html).toContain("45%");
    const history = await callRoute(historyRoute.loader, { path: `/cases/${slug}/history`, params: { slug } });
    expect(history.data.revisions.map((r: { number: number; note: string | null }) => [r.number, r.note])).toEqual([
      [2, "更新了成效数据"],
      [1, null],
    ]);
    const results = history.data.diff.find((f: { field: string }) => f.field === "results");
    expect(results.parts).toContainEqual({ op: "add", text: "45" });
  });

  it("publishing right after this tab's own autosave (same content, older version) publishes instead of reporting a conflict", async () => {
    const slug = await newDraft(author.cookie, caseForm({ title: "Autosave race case" }));
    const page = await editPage(slug, author.cookie);
    const caseId = page.data.case.id as string;
    const version = String(page.data.case.version);
    const form = caseForm({ title: "Autosave race case", lessons: para("最后一句。") });
    const auto = await callRoute(draftsApi.action, {
      path: "/resources/case-drafts",
      cookie: author.cookie,
      form: { ...form, caseId, version },
    });
    expect(auto.status).toBe(200);
    // The publish was submitted with the version the page had before the autosave answered.
    const pub = await callRoute(editRoute.action, {
      path: "",
      params: { slug },
      cookie: author.cookie,
      form: { ...form, intent: "publish", version },
    });
    expect(pub.status).toBe(302);
    expect(pub.headers.get("location")).toMatch(/^\/cases\/autosave-race-case/);
    // Different content with an old version is still a conflict.
    const slug2 = await newDraft(author.cookie, caseForm({ title: "Real conflict case" }));
    const page2 = await editPage(slug2, author.cookie);
    const v2 = String(page2.data.case.version);
    await callRoute(draftsApi.action, {
      path: "/resources/case-drafts",
      cookie: author.cookie,
      form: { ...caseForm({ title: "Real conflict case" }), caseId: page2.data.case.id, version: v2 },
    });
    const stale = await callRoute(editRoute.action, {
      path: "",
      params: { slug: slug2 },
      cookie: author.cookie,
      form: {
        ...caseForm({ title: "Real conflict case", summary: "另一个标签页的内容" }),
        intent: "publish",
        version: v2,
      },
    });
    expect(stale.status).toBe(409);
  });

  it("an old slug redirects after a title change", async () => {
    const slug0 = await newDraft(author.cookie, caseForm({ title: "First title" }));
    let page = await editPage(slug0, author.cookie);
    const first = await callRoute(editRoute.action, {
      path: "",
      params: { slug: slug0 },
      cookie: author.cookie,
      form: { ...caseForm({ title: "First title" }), intent: "publish", version: String(page.data.case.version) },
    });
    const slug1 = first.headers.get("location")!.split("/")[2]!.split("?")[0]!;
    expect(slug1).toBe("first-title");
    page = await editPage(slug1, author.cookie);
    const second = await callRoute(editRoute.action, {
      path: "",
      params: { slug: slug1 },
      cookie: author.cookie,
      form: { ...caseForm({ title: "Second title" }), intent: "publish", version: String(page.data.case.version) },
    });
    expect(second.headers.get("location")).toMatch(/^\/cases\/second-title/);
    const old = await callRoute(pageRoute.loader, { path: "/cases/first-title", params: { slug: "first-title" } });
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe("/cases/second-title");
  });
});
