// Typical-case collections and the compendium (issue 11 points 4, 5, 8; ADR 025):
// who may assemble, reorder, annotate and publish (per role); publishing marks
// the cases typical (typicalAt, search outbox, page version) and withdrawing
// unmarks them; the audit rows; the public pages and the Atom feed (parsed); the
// .docx unzipped and its document.xml read (chapters, Chinese text, images, the
// TOC field set to update on opening); the printable view.
import { strFromU8, unzipSync } from "fflate";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { createCall, decideSubmissions, setCallStatus, submitCase } from "~/models/call.server.ts";
import { addCollectionItem, createCollection, setCollectionPublished } from "~/models/collection.server.ts";
import { storeImage } from "~/models/upload.server.ts";
import { docFromPlainText } from "~/editor/validate.server.ts";
import { caseSearchDocuments } from "~/models/search-documents.server.ts";
import * as newCollection from "~/routes/collections.new/route.tsx";
import * as editCollection from "~/routes/collections.$slug_.edit/route.tsx";
import * as collectionPage from "~/routes/collections.$slug/route.tsx";
import * as collectionsIndex from "~/routes/collections._index/route.tsx";
import * as feed from "~/routes/collections.$slug_.atom/route.ts";
import * as docx from "~/routes/collections.$slug_.compendium[.docx]/route.ts";
import * as print from "~/routes/collections.$slug_.print/route.tsx";
import * as casePage from "~/routes/cases.$slug/route.tsx";
import * as home from "~/routes/_index/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

type Who = { id: string; cookie: string; role: string; baseId: string | null };
type Role = "member" | "moderator" | "ministry" | "admin";

async function user(opts: { role?: Role; baseId?: string } = {}): Promise<Who> {
  const u = await createTestUser(opts.role ? { role: opts.role } : {});
  if (opts.baseId)
    await prisma.user.update({ where: { id: u.id }, data: { baseId: opts.baseId, baseVerifiedAt: new Date() } });
  return { id: u.id, cookie: await cookieFor(u.id), role: opts.role ?? "member", baseId: opts.baseId ?? null };
}
const actorOf = (w: Who) => ({
  id: w.id,
  role: w.role,
  emailVerified: true,
  baseId: w.baseId,
  baseVerified: Boolean(w.baseId),
});

let imageUrl = "";

async function publish(who: Who, baseId: string, title: string) {
  const actor = { id: who.id, role: "member", baseId, baseVerified: true, emailVerified: true };
  const approach = {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "主要做法" }] },
      { type: "paragraph", content: [{ type: "text", text: `${title}：建设共享打样中心。` }] },
      { type: "image", attrs: { src: imageUrl, alt: "打样中心" } },
    ],
  };
  const content = {
    ...emptyContent(),
    title,
    summary: `${title}的摘要`,
    baseId,
    metrics: [{ label: "打样周期", before: "15", after: "3", unit: "天", source: "" }],
    sections: { ...emptyContent().sections, background: docFromPlainText("背景介绍"), approach },
  };
  const d = await createDraft(who.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug, title };
}

const doc = (text: string) => JSON.stringify(docFromPlainText(text));

let ministry: Who;
let admin: Who;
let moderator: Who;
let member: Who;
let memberA: Who;
let memberB: Who;
let cases: Array<{ id: string; slug: string; title: string }>;

beforeAll(async () => {
  const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#c00000" } })
    .png()
    .toBuffer();
  imageUrl = (await storeImage(png)).url;
  const baseA = await createTestBase({ province: "zhejiang", industry: "textile-clothing" });
  const baseB = await createTestBase({ province: "sichuan", industry: "agricultural" });
  ministry = await user({ role: "ministry" });
  admin = await user({ role: "admin" });
  moderator = await user({ role: "moderator" });
  member = await user();
  memberA = await user({ baseId: baseA.id });
  memberB = await user({ baseId: baseB.id });
  cases = [
    await publish(memberA, baseA.id, "面料数字化打样"),
    await publish(memberA, baseA.id, "海外仓共建共享"),
    await publish(memberA, baseA.id, "品牌出海联合推广"),
  ];
});

const collectionForm = (over: Record<string, string> = {}) => ({
  intent: "save",
  title: "2026 年第一批外贸转型升级基地典型案例",
  titleEn: "Typical cases of 2026, first batch",
  introduction: doc("为推广各基地的成功经验，现将第一批典型案例汇编如下。"),
  publishDate: "2026-12-06",
  featured: "on",
  ...over,
});

describe("assembling a collection (per role)", () => {
  it("lets only ministry and admins create, edit, reorder and publish; each change audit-logged", async () => {
    const anon = await callRoute(newCollection.action, { path: "/collections/new", form: collectionForm() });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toContain("/login");
    for (const who of [member, memberB, moderator]) {
      expect(
        (
          await callRoute(newCollection.action, {
            path: "/collections/new",
            cookie: who.cookie,
            form: collectionForm(),
          })
        ).status,
      ).toBe(403);
    }
    const bad = await callRoute(newCollection.action, {
      path: "/collections/new",
      cookie: ministry.cookie,
      form: collectionForm({ title: "", publishDate: "2026-02-30" }),
    });
    expect(bad.status).toBe(400);
    expect(bad.data.result.error.title).toEqual(["collections:errors.titleRequired"]);
    expect(bad.data.result.error.publishDate).toEqual(["collections:errors.dateInvalid"]);
    expect(bad.data.result.initialValue.titleEn).toBe("Typical cases of 2026, first batch");

    const created = await callRoute(newCollection.action, {
      path: "/collections/new",
      cookie: ministry.cookie,
      form: collectionForm(),
    });
    expect(created.status).toBe(302);
    const slug = created.headers.get("location")!.split("/")[2]!;
    const col = await prisma.collection.findUniqueOrThrow({ where: { slug } });
    expect(col.status).toBe("draft");
    // The publish date is a day in Beijing.
    expect(col.publishedAt?.toISOString()).toBe("2026-12-05T16:00:00.000Z");

    const path = `/collections/${slug}/edit`;
    const post = (who: Who | null, form: Record<string, string>) =>
      callRoute(editCollection.action, { path, params: { slug }, cookie: who?.cookie, form });
    for (const c of cases)
      expect((await post(ministry, { intent: "add", caseRef: `http://x/cases/${c.slug}` })).status).toBe(302);
    const dup = await post(admin, { intent: "add", caseRef: cases[0]!.slug });
    expect(dup.status).toBe(400);
    expect(dup.data.result.error.caseRef).toEqual(["collections:errors.duplicate"]);
    const unknown = await post(admin, { intent: "add", caseRef: "no-such-case" });
    expect(unknown.data.result.error.caseRef).toEqual(["collections:errors.caseNotFound"]);

    for (const who of [null, member, memberB, moderator]) {
      const r = await post(who, { intent: "up", caseId: cases[2]!.id });
      expect(r.status, who?.role ?? "anonymous").toBe(who ? 403 : 302);
      expect((await post(who, { intent: "publish" })).status).toBe(who ? 403 : 302);
    }
    // Reorder without JavaScript: the third case up once → A, C, B.
    expect((await post(ministry, { intent: "up", caseId: cases[2]!.id })).status).toBe(302);
    expect(
      (await post(admin, { intent: "note", caseId: cases[2]!.id, note: "可复制性强", noteEn: "Easy to copy" })).status,
    ).toBe(302);
    const order = await prisma.collectionItem.findMany({
      where: { collectionId: col.id },
      orderBy: { position: "asc" },
    });
    expect(order.map((i) => i.caseId)).toEqual([cases[0]!.id, cases[2]!.id, cases[1]!.id]);
    expect(order[1]!.note).toBe("可复制性强");

    // Drafts are staff-only.
    expect((await callRoute(collectionPage.loader, { path: `/collections/${slug}`, params: { slug } })).status).toBe(
      404,
    );
    expect(
      (
        await callRoute(collectionPage.loader, {
          path: `/collections/${slug}`,
          params: { slug },
          cookie: moderator.cookie,
        })
      ).status,
    ).toBe(404);

    const outboxBefore = await prisma.searchOutbox.count();
    expect((await post(ministry, { intent: "publish" })).status).toBe(302);
    const typical = await prisma.caseStudy.findMany({ where: { id: { in: cases.map((c) => c.id) } } });
    expect(typical.every((c) => c.typicalAt?.toISOString() === "2026-12-05T16:00:00.000Z")).toBe(true);
    const outbox = await prisma.searchOutbox.findMany({ skip: outboxBefore });
    expect(new Set(outbox.map((o) => o.docId))).toEqual(new Set(cases.map((c) => `case-${c.id}`)));
    const docs = await caseSearchDocuments([cases[0]!.id]);
    expect(docs.upserts[0]!.fields.typical).toBe("typical"); // the search facet value (ADR 030)

    const actions = (
      await prisma.auditLog.findMany({ where: { targetId: col.id }, orderBy: { createdAt: "asc" } })
    ).map((a) => a.action);
    expect(actions).toEqual([
      "collection.create",
      "collection.item.add",
      "collection.item.add",
      "collection.item.add",
      "collection.item.move",
      "collection.item.note",
      "collection.publish",
    ]);

    // Public now: the page, the list, the home page, the case page's badge.
    const page = await callRoute(collectionPage.loader, { path: `/collections/${slug}`, params: { slug } });
    expect(page.status).toBe(200);
    expect(page.data.items.map((i: { card: { slug: string } }) => i.card.slug)).toEqual([
      cases[0]!.slug,
      cases[2]!.slug,
      cases[1]!.slug,
    ]);
    expect(page.data.canExport).toBe(false);
    const list = await callRoute(collectionsIndex.loader, { path: "/collections" });
    expect(list.data.collections.map((c: { slug: string }) => c.slug)).toContain(slug);
    const homePage = await callRoute(home.loader, { path: "/" });
    expect(homePage.data.curation.collections.map((c: { slug: string }) => c.slug)).toContain(slug);
    const cp = await callRoute(casePage.loader, { path: `/cases/${cases[0]!.slug}`, params: { slug: cases[0]!.slug } });
    expect(cp.data.case.typicalAt).toBe("2026-12-05T16:00:00.000Z");

    // Removing a case from the published collection unmarks it; withdrawing unmarks all.
    expect((await post(ministry, { intent: "remove", caseId: cases[1]!.id })).status).toBe(302);
    expect((await prisma.caseStudy.findUniqueOrThrow({ where: { id: cases[1]!.id } })).typicalAt).toBeNull();
    expect((await post(admin, { intent: "unpublish" })).status).toBe(302);
    expect((await prisma.caseStudy.findUniqueOrThrow({ where: { id: cases[0]!.id } })).typicalAt).toBeNull();
    expect((await post(admin, { intent: "publish" })).status).toBe(302);
  });

  it("adds a call's selected submissions", async () => {
    const call = await createCall(actorOf(ministry), {
      title: "征集",
      titleEn: "",
      description: docFromPlainText("说明"),
      descriptionEn: null,
      topics: [],
      industries: [],
      deadline: new Date("2031-01-01T00:00:00Z"),
    });
    await setCallStatus(actorOf(ministry), call.id, "open");
    // One after another: they are added in the order submitted (side by side, as on
    // PostgreSQL's pool, that order was the race's).
    const s: Array<{ id: string }> = [];
    for (const c of cases) {
      s.push(await submitCase({ callId: call.id, actor: actorOf(memberA), input: { caseId: c.id, note: "" } }));
    }
    await decideSubmissions({
      actor: actorOf(ministry),
      callId: call.id,
      ids: [s[0]!.id, s[2]!.id],
      decision: "selected",
      note: "",
    });
    const col = await createCollection(actorOf(ministry), {
      title: "来自征集",
      titleEn: "",
      introduction: docFromPlainText("导语"),
      introductionEn: null,
      publishDate: null,
      featured: false,
      callId: call.id,
    });
    const res = await callRoute(editCollection.action, {
      path: `/collections/${col.slug}/edit`,
      params: { slug: col.slug },
      cookie: ministry.cookie,
      form: { intent: "add-selected" },
    });
    expect(res.status).toBe(302);
    const items = await prisma.collectionItem.findMany({
      where: { collectionId: col.id },
      orderBy: { position: "asc" },
    });
    expect(items.map((i) => i.caseId)).toEqual([cases[0]!.id, cases[2]!.id]);
  });
});

describe("publicizing and the compendium", () => {
  let slug = "";
  beforeAll(async () => {
    const col = await createCollection(actorOf(admin), {
      title: "2026 年第二批典型案例",
      titleEn: "Typical cases, second batch",
      introduction: docFromPlainText("第二批典型案例导语"),
      introductionEn: null,
      publishDate: null,
      featured: false,
      callId: null,
    });
    for (const c of cases) await addCollectionItem(actorOf(admin), col.id, c.id, `${c.title}的编者按`);
    await setCollectionPublished(actorOf(admin), col.id, true);
    slug = col.slug;
  });

  it("serves an Atom feed that parses, with the collection's cases, linked from the page", async () => {
    const res = await callRoute(feed.loader, { path: `/collections/${slug}/atom`, params: { slug } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/atom+xml");
    const xml = String(res.data);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(xml).feed;
    expect(parsed.title).toContain("2026 年第二批典型案例");
    const entries = [parsed.entry].flat();
    expect(entries.map((e: { title: string }) => e.title).sort()).toEqual(cases.map((c) => c.title).sort());
    const meta = collectionPage.meta({
      data: (await callRoute(collectionPage.loader, { path: `/collections/${slug}`, params: { slug } })).data,
    } as never);
    expect(meta).toContainEqual(
      expect.objectContaining({ rel: "alternate", type: "application/atom+xml", href: `/collections/${slug}/atom` }),
    );
    // A draft has no feed.
    const draft = await createCollection(actorOf(admin), {
      title: "草稿",
      titleEn: "",
      introduction: docFromPlainText("x"),
      introductionEn: null,
      publishDate: null,
      featured: false,
      callId: null,
    });
    expect(
      (await callRoute(feed.loader, { path: `/collections/${draft.slug}/atom`, params: { slug: draft.slug } })).status,
    ).toBe(404);
  });

  it("exports the .docx to ministry and admins only: cover, TOC field updated on opening, a chapter per case, Chinese text, images", async () => {
    const path = `/collections/${slug}/compendium.docx`;
    expect((await callRoute(docx.loader, { path, params: { slug } })).status).toBe(302);
    for (const who of [member, memberB, moderator])
      expect((await callRoute(docx.loader, { path, params: { slug }, cookie: who.cookie })).status).toBe(403);

    const res = await docx.loader({
      request: new Request(`http://127.0.0.1:3000${path}`, { headers: { cookie: ministry.cookie } }),
      params: { slug },
      context: (
        await import("~/utils/context.server.ts").then((m) =>
          m.buildLoadContext({
            url: `http://127.0.0.1:3000${path}`,
            cookie: ministry.cookie,
            acceptLanguage: "zh-CN",
            secure: false,
            clientIp: "127.0.0.1",
            cspNonce: "t",
            requestId: "t",
          }),
        )
      ).context,
    } as never);
    expect(res.headers.get("content-type")).toContain("wordprocessingml");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const xml = strFromU8(files["word/document.xml"]!);
    expect(XMLValidator.validate(xml)).toBe(true);
    // The TOC is a field Word fills in; settings ask Word to update fields on opening.
    expect(xml).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;<\/w:instrText>/);
    expect(strFromU8(files["word/settings.xml"]!)).toContain("w:updateFields");
    // A chapter (Heading 1 on a new page) per case, in the collection's order, with its Chinese text.
    const chapters = [
      ...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Heading1"\/>(?:(?!<\/w:p>).)*?<\/w:p>/g),
    ].map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""));
    expect(chapters).toEqual(["目录", "导语", ...cases.map((c, i) => `${i + 1}. ${c.title}`)]);
    expect(xml).toContain("建设共享打样中心");
    expect(xml).toContain("面料数字化打样的编者按");
    expect(xml).toContain("打样周期");
    // Images: each case's uploaded picture and its QR code.
    const media = Object.keys(files).filter((f) => f.startsWith("word/media/"));
    // (the same picture in three cases is stored once; each QR code differs)
    expect(media.length).toBeGreaterThanOrEqual(cases.length + 1);
    expect((xml.match(/<w:drawing>/g) ?? []).length).toBe(cases.length * 2);
    // The header carries the collection title; the footer a page number field.
    const headers = Object.keys(files)
      .filter((f) => /^word\/header\d*\.xml$/.test(f))
      .map((f) => strFromU8(files[f]!));
    expect(headers.some((h) => h.includes("2026 年第二批典型案例"))).toBe(true);
    const footers = Object.keys(files)
      .filter((f) => /^word\/footer\d*\.xml$/.test(f))
      .map((f) => strFromU8(files[f]!));
    expect(footers.some((f) => f.includes("PAGE"))).toBe(true);

    // ?lang=en: the English title and texts; cases without an English version say so.
    const enRes = await docx.loader({
      request: new Request(`http://127.0.0.1:3000${path}?lang=en`, { headers: { cookie: admin.cookie } }),
      params: { slug },
      context: (
        await import("~/utils/context.server.ts").then((m) =>
          m.buildLoadContext({
            url: `http://127.0.0.1:3000${path}?lang=en`,
            cookie: admin.cookie,
            acceptLanguage: "zh-CN",
            secure: false,
            clientIp: "127.0.0.1",
            cspNonce: "t",
            requestId: "t",
          }),
        )
      ).context,
    } as never);
    const enXml = strFromU8(unzipSync(new Uint8Array(await enRes.arrayBuffer()))["word/document.xml"]!);
    expect(enXml).toContain("Typical cases, second batch");
    expect(enXml).toContain("Contents");
    expect(enXml).toContain("This case has no English version");
  });

  it("has a printable view for readers with each chapter, its QR code and the title, in English where it can", async () => {
    const res = await callRoute(print.loader, {
      path: `/collections/${slug}/print`,
      params: { slug },
      headers: { "accept-language": "en" },
    });
    expect(res.status).toBe(200);
    expect(res.data.collection.title).toBe("Typical cases, second batch");
    expect(res.data.chapters).toHaveLength(cases.length);
    expect(res.data.chapters[0].qr).toMatch(/^<svg/);
    expect(res.data.chapters[0].url).toMatch(/\/cases\//);
    // No English version of these cases: shown in Chinese and marked.
    expect(res.data.chapters[0].translated).toBe(false);
    expect(res.data.chapters[0].sections.map((s: { name: string }) => s.name)).toEqual(["background", "approach"]);
  });
});
