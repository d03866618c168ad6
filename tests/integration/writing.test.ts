// Writing a case (issue 12.10): the server-rendered preview saves nothing, and
// source documents (PDF / Office) are checked by content, kept to the case's
// author (and moderators on a published case), and served as downloads.
import { Document, Packer, Paragraph } from "docx";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import * as newRoute from "~/routes/cases.new/route.tsx";
import * as editRoute from "~/routes/cases.$slug_.edit/route.tsx";
import * as pageRoute from "~/routes/cases.$slug/route.tsx";
import * as attachRoute from "~/routes/resources.attachments/route.tsx";
import * as downloadRoute from "~/routes/resources.attachments_.$id/route.tsx";
import { contentDisposition, MAX_ATTACHMENT_BYTES } from "~/models/attachment.server.ts";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const para = (text: string) =>
  JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

function caseForm(overrides: Record<string, string | string[]> = {}) {
  return {
    title: "常熟服装基地数字化展厅",
    summary: "线上展厅让海外买家全年看样。",
    topics: ["cross-border-ecommerce", "logistics"],
    stage: "implemented",
    periodStart: "2022",
    background: para("展会成本高。"),
    approach: para("建设线上展厅。"),
    results: para("询盘增加 40%。"),
    replicability: para("需要样品数字化团队。"),
    ...overrides,
  };
}

let author: { id: string; cookie: string };
let other: { cookie: string };
let moderator: { id: string; cookie: string };

beforeAll(async () => {
  await upsertTopics(DEFAULT_TOPICS);
  const base = await prisma.base.create({
    data: {
      code: "T-changshu-w",
      slug: "changshu-writing",
      nameZh: "常熟服装基地",
      nameEn: "Changshu Clothing Base",
      industry: "textiles-apparel",
      province: "jiangsu",
      cityZh: "常熟",
      cityEn: "Changshu",
    },
    select: { id: true },
  });
  const a = await createTestUser();
  await prisma.user.update({ where: { id: a.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  author = { id: a.id, cookie: await cookieFor(a.id) };
  const o = await createTestUser();
  await prisma.user.update({ where: { id: o.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  other = { cookie: await cookieFor(o.id) };
  const m = await createTestUser({ role: "moderator" });
  moderator = { id: m.id, cookie: await cookieFor(m.id) };
});

async function newDraft() {
  const res = await callRoute(newRoute.action, {
    path: "/cases/new",
    cookie: author.cookie,
    form: { ...caseForm(), intent: "save", clientKey: crypto.randomUUID(), version: "0" },
  });
  expect(res.status).toBe(302);
  const slug = /^\/cases\/([^/]+)\/edit/.exec(res.headers.get("location") ?? "")![1]!;
  const c = await prisma.caseStudy.findFirstOrThrow({ where: { slug }, select: { id: true } });
  return { slug, id: c.id };
}

async function publish(slug: string) {
  const page = await callRoute(editRoute.loader, {
    path: `/cases/${slug}/edit`,
    params: { slug },
    cookie: author.cookie,
  });
  const res = await callRoute(editRoute.action, {
    path: `/cases/${slug}/edit`,
    params: { slug },
    cookie: author.cookie,
    form: { ...caseForm(), intent: "publish", version: String(page.data.case.version) },
  });
  expect(res.status, JSON.stringify(res.data)).toBe(302);
  return res.headers.get("location")!;
}

const pdfBytes = () =>
  new TextEncoder().encode(
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  );

function upload(caseId: string, cookie: string | undefined, bytes: Uint8Array, name: string, type: string) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], name, { type }));
  return callRoute(attachRoute.action, { path: `/resources/attachments?caseId=${caseId}`, cookie, form });
}

describe("preview", () => {
  it("renders the posted sections with the case page's renderer and saves nothing", async () => {
    const { slug } = await newDraft();
    const before = await prisma.caseStudy.findFirstOrThrow({ where: { slug }, select: { draftVersion: true } });
    const res = await callRoute(editRoute.action, {
      path: `/cases/${slug}/edit`,
      params: { slug },
      cookie: author.cookie,
      form: {
        ...caseForm({ approach: para("<script>alert(1)</script> 新的做法") }),
        intent: "preview",
        version: "1",
      },
    });
    expect(res.status).toBe(200);
    const approach = res.data.preview.sections.find((s: { name: string }) => s.name === "approach");
    expect(approach.html).toContain("<p>&lt;script&gt;alert(1)&lt;/script&gt; 新的做法</p>");
    expect(res.data.preview.title).toBe("常熟服装基地数字化展厅");
    const after = await prisma.caseStudy.findFirstOrThrow({ where: { slug }, select: { draftVersion: true } });
    expect(after.draftVersion).toBe(before.draftVersion);
  });

  it("on /cases/new creates no draft", async () => {
    const count = await prisma.caseStudy.count();
    const res = await callRoute(newRoute.action, {
      path: "/cases/new",
      cookie: author.cookie,
      form: { ...caseForm(), intent: "preview", clientKey: crypto.randomUUID(), version: "0" },
    });
    expect(res.status).toBe(200);
    expect(res.data.preview.sections).toHaveLength(4);
    expect(await prisma.caseStudy.count()).toBe(count);
  });
});

describe("attachments", () => {
  it("the author attaches a PDF and a Word document; both are listed on the edit page", async () => {
    const { slug, id } = await newDraft();
    const pdf = await upload(id, author.cookie, pdfBytes(), "调研报告.pdf", "application/pdf");
    expect(pdf.status).toBe(303);
    expect(pdf.headers.get("location")).toBe(`/cases/${slug}/edit?attachment=added#attachments`);
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph("经验")] }] }));
    const word = await upload(id, author.cookie, new Uint8Array(docx), "做法.docx", "application/octet-stream");
    expect(word.headers.get("location")).toContain("attachment=added");
    const page = await callRoute(editRoute.loader, {
      path: `/cases/${slug}/edit`,
      params: { slug },
      cookie: author.cookie,
    });
    expect(
      page.data.attachments.list.map((a: { fileName: string; contentType: string }) => [a.fileName, a.contentType]),
    ).toEqual([
      ["调研报告.pdf", "application/pdf"],
      ["做法.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ]);
  });

  it("judges the type by content: an HTML page named .pdf, or an image, is refused", async () => {
    const { id } = await newDraft();
    const html = await upload(
      id,
      author.cookie,
      new TextEncoder().encode("<html><script>x</script></html>"),
      "a.pdf",
      "application/pdf",
    );
    expect(html.status).toBe(303);
    expect(html.headers.get("location")).toContain("attachment=badType");
    const png = await upload(
      id,
      author.cookie,
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      "b.docx",
      "application/msword",
    );
    expect(png.headers.get("location")).toContain("attachment=badType");
    expect(await prisma.attachment.count({ where: { caseId: id } })).toBe(0);
  });

  it("refuses a file over the size limit", async () => {
    const { id } = await newDraft();
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdfBytes());
    const res = await upload(id, author.cookie, big, "big.pdf", "application/pdf");
    expect(res.headers.get("location")).toContain("attachment=tooLarge");
    expect(await prisma.attachment.count({ where: { caseId: id } })).toBe(0);
  });

  it("per role: anonymous is sent to log in, another member and a moderator on a draft are refused", async () => {
    const { id } = await newDraft();
    const anon = await upload(id, undefined, pdfBytes(), "a.pdf", "application/pdf");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login/);
    expect((await upload(id, other.cookie, pdfBytes(), "a.pdf", "application/pdf")).status).toBe(403);
    // Drafts are their author's alone (issue 10.5), moderators included.
    expect((await upload(id, moderator.cookie, pdfBytes(), "a.pdf", "application/pdf")).status).toBe(403);
    expect(await prisma.attachment.count({ where: { caseId: id } })).toBe(0);
  });

  it("a draft's document is private; once published anyone downloads it, named in UTF-8, never rendered", async () => {
    const { slug, id } = await newDraft();
    await upload(id, author.cookie, pdfBytes(), "调研报告 2024.pdf", "application/pdf");
    const row = await prisma.attachment.findFirstOrThrow({ where: { caseId: id } });
    const get = (cookie?: string) =>
      callRoute(downloadRoute.loader, { path: `/resources/attachments/${row.id}`, params: { id: row.id }, cookie });
    expect((await get()).status).toBe(404);
    expect((await get(other.cookie)).status).toBe(404);
    expect((await get(author.cookie)).status).toBe(200);

    const published = new URL(await publish(slug), "http://x").pathname.split("/")[2]!;
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="____ 2024.pdf"; filename*=UTF-8''%E8%B0%83%E7%A0%94%E6%8A%A5%E5%91%8A%202024.pdf`,
    );
    expect(String(res.data)).toContain("%PDF-1.4");

    const page = await callRoute(pageRoute.loader, { path: `/cases/${published}`, params: { slug: published } });
    expect(page.data.attachments).toEqual([expect.objectContaining({ id: row.id, fileName: "调研报告 2024.pdf" })]);
  });

  it("on a published case a moderator may add and remove documents, each written to the audit log; other members may not remove", async () => {
    const { slug, id } = await newDraft();
    await publish(slug);
    const added = await upload(id, moderator.cookie, pdfBytes(), "m.pdf", "application/pdf");
    expect(added.headers.get("location")).toContain("attachment=added");
    const row = await prisma.attachment.findFirstOrThrow({ where: { caseId: id } });
    const remove = (cookie: string) =>
      callRoute(attachRoute.action, {
        path: `/resources/attachments?intent=remove&caseId=${id}&id=${row.id}`,
        cookie,
        form: {},
      });
    expect((await remove(other.cookie)).status).toBe(403);
    expect(await prisma.attachment.count({ where: { caseId: id } })).toBe(1);
    const removed = await remove(moderator.cookie);
    expect(removed.headers.get("location")).toContain("attachment=removed");
    expect(await prisma.attachment.count({ where: { caseId: id } })).toBe(0);
    const audit = await prisma.auditLog.findMany({
      where: { targetId: id, actorId: moderator.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["attachment.add", "attachment.remove"]);
  });

  it("contentDisposition cannot be broken out of by quotes, semicolons or line breaks", () => {
    expect(contentDisposition('a";\r\nX-Evil: 1.pdf')).toBe(
      `attachment; filename="a____X-Evil: 1.pdf"; filename*=UTF-8''a%22%3B%0D%0AX-Evil%3A%201.pdf`,
    );
  });
});
