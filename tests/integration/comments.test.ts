// Discussions on a case through the case page's loader and action (and the
// permalink, history and mention routes): posting with and without
// JavaScript, threads and permalinks across pages, a fixed number of queries
// per page, edits with history, deletes and hides, most useful, mentions and
// notifications, the anti-abuse messages in both languages, and hostile input.
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";
import { createRemixStub } from "@remix-run/testing";
import { I18nextProvider } from "react-i18next";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { reset } from "~/utils/rate-limit.server.ts";
import { i18nFor } from "~/i18n/i18n.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, deleteCase, publishCase, setCaseHidden } from "~/models/case.server.ts";
import { listCommentPage, PAGE_SIZE } from "~/models/comment.server.ts";
import * as pageRoute from "~/routes/cases.$slug/route.tsx";
import * as permalinkRoute from "~/routes/cases.$slug_.comments.$id/route.tsx";
import * as historyRoute from "~/routes/cases.$slug_.comments.$id_.history/route.tsx";
import * as mentionsRoute from "~/routes/resources.mentions/route.tsx";
import * as moreRoute from "~/routes/resources.comments/route.tsx";
import { xssDocs, xssStrings } from "../fixtures/xss-corpus.ts";
import { runDueJobs } from "~/jobs/worker.server.ts";
import { callRoute } from "../helpers/route.ts";
import { watchStatements } from "../helpers/statements.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

type Member = { id: string; username: string; cookie: string; displayName: string };

let base: { id: string };
let n = 0;

/** A member whose account is older than a day (the ordinary posting limit applies). */
async function member(
  overrides: { displayName?: string; role?: string; young?: boolean; verified?: boolean } = {},
): Promise<Member> {
  n += 1;
  const displayName = overrides.displayName ?? `成员 ${n}`;
  const u = await createTestUser({
    displayName,
    emailVerified: overrides.verified ?? true,
    ...(overrides.role ? { role: overrides.role as "moderator" } : {}),
  });
  if (!overrides.young)
    await prisma.user.update({ where: { id: u.id }, data: { createdAt: new Date(Date.now() - 3 * 86_400_000) } });
  return { id: u.id, username: u.username, cookie: await cookieFor(u.id), displayName };
}

async function publishTestCase(author: Member, title = `Case ${Math.random().toString(36).slice(2, 8)}`) {
  await prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const actor = { id: author.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title, summary: "summary", baseId: base.id };
  const d = await createDraft(author.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug };
}

const docOf = (...content: unknown[]) => JSON.stringify({ type: "doc", content });
const para = (...content: unknown[]) => ({ type: "paragraph", content });
const text = (t: string, marks?: unknown[]) => (marks ? { type: "text", text: t, marks } : { type: "text", text: t });
const mention = (m: Member) => ({ type: "mention", attrs: { id: m.username, label: m.displayName } });

function post(who: Member, slug: string, form: Record<string, string>, headers?: Record<string, string>) {
  return callRoute(pageRoute.action, {
    path: `/cases/${slug}`,
    params: { slug },
    cookie: who.cookie,
    form: { intent: "comment", ...form },
    headers,
  });
}

async function postJs(who: Member, slug: string, form: Record<string, string>) {
  const res = await post(who, slug, { js: "1", ...form });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return res.data.comment as { id: string; html: string };
}

function page(slug: string, query = "", cookie?: string, headers?: Record<string, string>) {
  return callRoute(pageRoute.loader, { path: `/cases/${slug}${query}`, params: { slug }, cookie, headers });
}

type View = {
  id: string;
  children: View[];
  replyingTo: { displayName: string } | null;
  state: string;
  html: string;
  helpfulCount: number;
};
function find(threads: View[], id: string): View | undefined {
  for (const t of threads) {
    if (t.id === id) return t;
    const k = find(t.children, id);
    if (k) return k;
  }
  return undefined;
}

/** Inserts comments straight into the table (tests of paging need many, faster than the form). */
async function seedThreads(
  caseId: string,
  authorId: string,
  tops: number,
  repliesEach: number,
  start = Date.now() - 10 * 86_400_000,
) {
  const ids: string[] = [];
  for (let i = 0; i < tops; i++) {
    const id = `seed${caseId.slice(0, 6)}${String(i).padStart(4, "0")}`;
    ids.push(id);
    const at = new Date(start + i * 60_000);
    await prisma.comment.create({
      data: { id, caseId, authorId, body: docOf(para(text(`top ${i}`))), bodyText: `top ${i}`, createdAt: at },
    });
    let parent = id;
    for (let r = 0; r < repliesEach; r++) {
      const rid = `${id}r${r}`;
      await prisma.comment.create({
        data: {
          id: rid,
          caseId,
          authorId,
          parentId: parent,
          rootId: id,
          depth: r + 1,
          body: docOf(para(text(`reply ${r}`))),
          bodyText: `reply ${r}`,
          createdAt: new Date(at.getTime() + r + 1),
        },
      });
      parent = rid;
    }
  }
  return ids;
}

beforeAll(async () => {
  base = await prisma.base.create({
    data: {
      code: "T-jinhua",
      slug: "jinhua",
      nameZh: "金华五金基地",
      nameEn: "Jinhua Hardware Base",
      industry: "hardware-building-materials",
      province: "zhejiang",
      cityZh: "金华",
      cityEn: "Jinhua",
    },
    select: { id: true },
  });
  const original = console.error;
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes("useLayoutEffect does nothing on the server")) return;
    original(...args);
  });
});

describe("posting", () => {
  it("without JavaScript: the textarea's text becomes a document and the reader lands on the comment", async () => {
    const author = await member();
    const reader = await member();
    const c = await publishTestCase(author);
    const res = await post(reader, c.slug, { text: "第一段\n第二行\n\n第二段" });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    const id = /comment=([^&#]+)/.exec(location)![1]!;
    expect(location).toBe(`/cases/${c.slug}?comment=${id}#c-${id}`);
    const view = await page(c.slug, `?comment=${id}`);
    const shown = find(view.data.discussion.threads, id)!;
    expect(shown.html).toBe("<p>第一段<br>第二行</p><p>第二段</p>");
    expect(view.data.case.commentCount).toBe(1);
    // Commenters follow the case; its author is told.
    expect(await prisma.subscription.count({ where: { userId: reader.id, targetType: "case", targetId: c.id } })).toBe(
      1,
    );
    expect(await prisma.notification.count({ where: { userId: author.id, type: "comment.onYourCase" } })).toBe(1);
  });

  it("with JavaScript: the editor's document is validated and the rendered comment comes back at once", async () => {
    const author = await member();
    const reader = await member();
    const named = await member({ displayName: "王 <b>经理</b>" });
    const c = await publishTestCase(author);
    const body = docOf(para(text("海外仓", [{ type: "bold" }]), text(" 请教 "), mention(named)), {
      type: "blockquote",
      content: [para(text("引用"))],
    });
    const comment = await postJs(reader, c.slug, { body });
    expect(comment.html).toContain("<strong>海外仓</strong>");
    expect(comment.html).toContain(`<a class="mention" href="/u/${named.username}">@王 &lt;b&gt;经理&lt;/b&gt;</a>`);
    expect(comment.html).toContain("<blockquote><p>引用</p></blockquote>");
    const notes = await prisma.notification.findMany({
      where: { userId: named.id },
      select: { type: true, data: true },
    });
    expect(notes.map((x) => x.type)).toEqual(["comment.mention"]);
    expect(JSON.parse(notes[0]!.data)).toMatchObject({
      caseSlug: c.slug,
      href: `/cases/${c.slug}/comments/${comment.id}`,
    });
  });

  it("the page offers a plain textarea and no editor until a verified member starts to write", async () => {
    const author = await member();
    const reader = await member();
    const c = await publishTestCase(author);
    const html = await renderPage(c.slug, "en", reader.cookie);
    expect(html).toMatch(/<textarea[^>]*name="text"/);
    expect(html).toContain('name="intent" value="comment"');
    expect(html).not.toMatch(/contenteditable|ProseMirror|rte-toolbar/);
    const anon = await renderPage(c.slug, "en");
    expect(anon).not.toMatch(/<textarea/);
    expect(anon).toContain("to join the discussion");
  });

  it("anonymous and unverified members cannot post and are told why", async () => {
    const author = await member();
    const c = await publishTestCase(author);
    const anon = await callRoute(pageRoute.action, {
      path: `/cases/${c.slug}`,
      params: { slug: c.slug },
      form: { intent: "comment", text: "hi" },
    });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const unverified = await member({ verified: false });
    const res = await post(unverified, c.slug, { text: "hi" });
    expect(res.status).toBe(403);
    const view = await page(c.slug, "", unverified.cookie);
    expect(view.data.viewer).toMatchObject({ signedIn: true, verified: false });
    expect(await prisma.comment.count({ where: { caseId: c.id } })).toBe(0);
  });
});

describe("threads and pages", () => {
  it("a reply at depth 5 is listed under its depth-3 ancestor, marked with whom it answers", async () => {
    const author = await member();
    const c = await publishTestCase(author);
    const people = [
      await member(),
      await member(),
      await member(),
      await member({ displayName: `<img src=x onerror=alert(1)>` }),
      await member(),
    ];
    let parentId = "";
    const ids: string[] = [];
    for (let depth = 0; depth <= 5; depth++) {
      const who = people[depth % people.length]!;
      const comment = await postJs(who, c.slug, { text: `depth ${depth}`, ...(parentId ? { parentId } : {}) });
      ids.push(comment.id);
      parentId = comment.id;
    }
    const rows = await prisma.comment.findMany({
      where: { id: { in: ids } },
      select: { id: true, depth: true, rootId: true },
    });
    expect(rows.find((r) => r.id === ids[5])).toMatchObject({ depth: 5, rootId: ids[0] });

    const view = await page(c.slug);
    const top = view.data.discussion.threads[0] as View;
    const d3 = top.children[0]!.children[0]!.children[0]!;
    expect(d3.id).toBe(ids[3]);
    expect(d3.children.map((k) => k.id)).toEqual([ids[4], ids[5]]);
    expect(d3.children[0]!.replyingTo?.displayName).toBe(`<img src=x onerror=alert(1)>`);
    expect(d3.children[1]!.replyingTo?.displayName).toBe(people[4]!.displayName);

    for (const locale of ["zh-CN", "en"] as const) {
      const html = await renderPage(c.slug, locale);
      expect(html).toContain(
        locale === "en"
          ? "replying to @&lt;img src=x onerror=alert(1)&gt;"
          : "回复 @&lt;img src=x onerror=alert(1)&gt;",
      );
      expect(html).not.toContain("<img src=x");
      expect(html).toContain(`id="c-${ids[5]}"`);
    }
  });

  it("a permalink does not reveal the slug of a deleted or hidden case (issue 10.5)", async () => {
    const author = await member();
    const reader = await member();
    const mod = await member({ role: "moderator" });
    const link = async (id: string, who?: Member) => {
      const res = await callRoute(permalinkRoute.loader, {
        path: `/cases/x/comments/${id}`,
        params: { slug: "x", id },
        cookie: who?.cookie,
      });
      return { status: res.status, location: res.headers.get("location") };
    };
    const hidden = await publishTestCase(author);
    const onHidden = await postJs(reader, hidden.slug, { text: "隐藏案例下的评论" });
    await setCaseHidden(hidden.id, { id: mod.id, role: "moderator" }, true, "违规");
    for (const who of [undefined, reader]) {
      const res = await link(onHidden.id, who);
      expect(res.status).toBe(404);
      expect(res.location).toBeNull();
    }
    for (const who of [author, mod]) expect((await link(onHidden.id, who)).location).toContain(hidden.slug);

    const deleted = await publishTestCase(author);
    const onDeleted = await postJs(reader, deleted.slug, { text: "已删除案例下的评论" });
    await deleteCase(deleted.id, { id: author.id, role: "member" });
    for (const who of [undefined, reader, author]) expect((await link(onDeleted.id, who)).status).toBe(404);
    expect((await link(onDeleted.id, mod)).location).toContain(deleted.slug);
  });

  it("a document's data leaves the comments' HTML to its markup; a client navigation's data carries it", async () => {
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    const body = `只在标记里出现一次 ${Math.random().toString(36).slice(2, 8)}`;
    const posted = await postJs(writer, c.slug, { text: body });
    // Another member reads (the writer's own data holds the document to edit).
    const reader = await member();
    const load = (document: boolean) =>
      callRoute(pageRoute.loader, {
        path: `/cases/${c.slug}`,
        params: { slug: c.slug },
        cookie: reader.cookie,
        document,
      });
    const doc = await load(true);
    const comment = doc.data.discussion.threads[0] as View;
    expect(comment.id).toBe(posted.id);
    // The server's render reads it; turbo-stream, like JSON, writes enumerable keys only.
    expect(comment.html).toContain(body);
    expect(Object.keys(comment)).not.toContain("html");
    expect(JSON.stringify(doc.data)).not.toContain(body);
    expect(JSON.stringify((await load(false)).data)).toContain(body);
    // The rendered page holds the body once, with its time as the permalink and the vote of the shared form.
    const Stub = createRemixStub([
      { id: "page", path: "/cases/:slug", Component: pageRoute.default, loader: () => doc.data },
    ]);
    const html = renderToString(
      h(
        I18nextProvider,
        { i18n: i18nFor("zh-CN") },
        h(Stub, { initialEntries: [`/cases/${c.slug}`], hydrationData: { loaderData: { page: doc.data } } }),
      ),
    );
    expect(html.split(body).length - 1).toBe(1);
    expect(html).toContain(`href="?comment=${posted.id}#c-${posted.id}"`);
  });

  it("a permalink to a comment on the second page opens that page", async () => {
    const author = await member();
    const c = await publishTestCase(author);
    const tops = await seedThreads(c.id, author.id, PAGE_SIZE + 5, 1);
    const target = `${tops[PAGE_SIZE + 2]}r0`;
    const link = await callRoute(permalinkRoute.loader, {
      path: `/cases/${c.slug}/comments/${target}`,
      params: { slug: c.slug, id: target },
    });
    expect(link.status).toBe(302);
    expect(link.headers.get("location")).toBe(`/cases/${c.slug}?comment=${target}#c-${target}`);

    const first = await page(c.slug);
    expect(first.data.discussion.threads).toHaveLength(PAGE_SIZE);
    expect(find(first.data.discussion.threads, target)).toBeUndefined();

    const view = await page(c.slug, `?comment=${target}`);
    expect(find(view.data.discussion.threads, target)).toBeDefined();
    expect(view.data.discussion.threads.map((t: View) => t.id)).toEqual(tops.slice(PAGE_SIZE));
    expect(view.data.discussion.cursor).toBeTruthy();

    // "Load more" from the first page gives the same second page.
    const more = await callRoute(moreRoute.loader, {
      path: `/resources/comments?case=${c.slug}&cursor=${encodeURIComponent(first.data.discussion.nextCursor)}`,
    });
    expect(more.data.threads.map((t: View) => t.id)).toEqual(tops.slice(PAGE_SIZE));
    expect(more.data.nextCursor).toBeNull();
  });

  it("pages by most helpful walk every thread once, in order, across equal counts and equal times", async () => {
    const author = await member();
    const c = await publishTestCase(author);
    const start = Date.now() - 5 * 86_400_000;
    const tops = await seedThreads(c.id, author.id, PAGE_SIZE + 15, 0, start);
    // Counts 0..4 repeat, so most pages end inside a run of equal counts; pairs share a time too.
    for (const [i, id] of tops.entries()) {
      await prisma.comment.update({
        where: { id },
        data: { helpfulCount: i % 5, createdAt: new Date(start + Math.floor(i / 2) * 60_000) },
      });
    }
    const expected = (
      await prisma.comment.findMany({
        where: { caseId: c.id },
        select: { id: true, helpfulCount: true, createdAt: true },
      })
    )
      .sort(
        (a, b) =>
          b.helpfulCount - a.helpfulCount || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
      )
      .map((r) => r.id);
    const first = await listCommentPage(c.id, { sort: "helpful" });
    expect(first.nextCursor).toBeTruthy();
    const second = await listCommentPage(c.id, { sort: "helpful", cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    expect([...first.threads, ...second.threads].map((t) => t.id)).toEqual(expected);
    // Oldest first over the same equal times.
    const o1 = await listCommentPage(c.id, { sort: "oldest" });
    const o2 = await listCommentPage(c.id, { sort: "oldest", cursor: o1.nextCursor });
    const byTime = [...expected].sort((a, b) => {
      const ia = tops.indexOf(a);
      const ib = tops.indexOf(b);
      return Math.floor(ia / 2) - Math.floor(ib / 2) || (a < b ? -1 : 1);
    });
    expect([...o1.threads, ...o2.threads].map((t) => t.id)).toEqual(byTime);
  });

  it("a page costs a fixed number of queries and reads no comment outside the page", async () => {
    const author = await member();
    const reader = await member();
    const viewer = { id: reader.id, role: "member", emailVerified: true };
    const small = await publishTestCase(author);
    const large = await publishTestCase(author);
    await seedThreads(small.id, author.id, 3, 2);
    await seedThreads(large.id, author.id, PAGE_SIZE + 20, 4);

    // Counts statements run on any connection (Prisma's and the read connection),
    // and the Comment rows they return.
    const measure = async (caseId: string, who = viewer) => {
      const watched = await watchStatements(() => listCommentPage(caseId, { viewer: who }));
      const commentRows = watched.rows
        .filter((r) => /FROM [`"]?(main[`"]?\.[`"]?)?Comment[`"]?/.test(r.sql))
        .reduce((n, r) => n + r.rows, 0);
      const bodyRows = watched.rows.filter((r) => /\bbody\b/.test(r.sql)).reduce((n, r) => n + r.rows, 0);
      return { statements: watched.statements, commentRows, bodyRows, result: watched.result };
    };
    const a = await measure(small.id);
    const b = await measure(large.id);
    expect(a.statements).toBeGreaterThan(0);
    expect(b.statements).toBe(a.statements);
    // The page, then its replies (authors and votes joined in), then the bodies whose HTML is not cached yet.
    expect(b.statements).toBeLessThanOrEqual(3);
    expect(b.result.threads).toHaveLength(PAGE_SIZE);
    // The page (plus one row to know there is a next page) and the replies of its threads only.
    expect(b.commentRows - b.bodyRows).toBe(PAGE_SIZE + 1 + PAGE_SIZE * 4);
    expect(b.bodyRows).toBe(PAGE_SIZE * 5);
    expect(b.result.threads[0]!.html).toContain("top 0");

    // Read again: each comment's HTML is cached by version (ADR 057), so no body is read…
    const warm = await measure(large.id);
    expect(warm.statements).toBe(2);
    expect(warm.bodyRows).toBe(0);
    expect(warm.result.threads[0]!.html).toBe(b.result.threads[0]!.html);
    expect(warm.result.threads[0]!.children[0]!.html).toContain("reply 0");
    // …except the viewer's own: their edit form starts from the stored document.
    const own = await measure(large.id, { id: author.id, role: "member", emailVerified: true });
    expect(own.bodyRows).toBe(PAGE_SIZE * 5);
    expect(own.result.threads[0]!.editDoc).toContain("top 0");
  });
});

describe("editing, deleting, hiding", () => {
  it("an edit keeps the previous version, which moderators can read and members cannot", async () => {
    const author = await member();
    const writer = await member();
    const mod = await member({ role: "moderator" });
    const c = await publishTestCase(author);
    const comment = await postJs(writer, c.slug, { text: "初稿" });
    const edited = await post(writer, c.slug, { intent: "edit", js: "1", commentId: comment.id, text: "修改稿" });
    expect(edited.status).toBe(200);
    expect(edited.data.comment.html).toBe("<p>修改稿</p>");
    expect(edited.data.comment.editedAt).toBeTruthy();
    const someoneElse = await post(mod, c.slug, { intent: "edit", js: "1", commentId: comment.id, text: "not mine" });
    expect(someoneElse.status).toBe(403);

    const path = `/cases/${c.slug}/comments/${comment.id}/history`;
    const asMod = await callRoute(historyRoute.loader, {
      path,
      params: { slug: c.slug, id: comment.id },
      cookie: mod.cookie,
    });
    expect(asMod.status).toBe(200);
    expect(asMod.data.revisions.map((r: { html: string }) => r.html)).toEqual(["<p>初稿</p>"]);
    const asMember = await callRoute(historyRoute.loader, {
      path,
      params: { slug: c.slug, id: comment.id },
      cookie: writer.cookie,
    });
    expect(asMember.status).toBe(403);
    const view = await page(c.slug, "", mod.cookie);
    expect(find(view.data.discussion.threads, comment.id)).toMatchObject({
      html: "<p>修改稿</p>",
      can: { history: true },
    });
  });

  it("deleting leaves a placeholder and keeps the replies; only the author or a moderator may", async () => {
    const author = await member();
    const writer = await member();
    const replier = await member();
    const c = await publishTestCase(author);
    const parent = await postJs(writer, c.slug, { text: "要删除的评论" });
    const reply = await postJs(replier, c.slug, { text: "回复", parentId: parent.id });
    const refused = await post(replier, c.slug, { intent: "delete", commentId: parent.id });
    expect(refused.status).toBe(403);
    const res = await post(writer, c.slug, { intent: "delete", commentId: parent.id });
    expect(res.status).toBe(302);
    const view = await page(c.slug);
    const shown = find(view.data.discussion.threads, parent.id)!;
    expect(shown).toMatchObject({ state: "deleted", html: "" });
    expect(shown.children.map((k) => k.id)).toEqual([reply.id]);
    expect(JSON.stringify(view.data.discussion)).not.toContain("要删除的评论");
    expect(view.data.case.commentCount).toBe(1);
    const html = await renderPage(c.slug, "en");
    expect(html).toContain("This comment was deleted.");
    // The deleted comment takes no new replies.
    expect((await post(replier, c.slug, { text: "还能回复吗", parentId: parent.id })).status).toBe(404);
  });

  it("moderators hide with a reason (audited); members cannot", async () => {
    const author = await member();
    const writer = await member();
    const mod = await member({ role: "moderator" });
    const c = await publishTestCase(author);
    const comment = await postJs(writer, c.slug, { text: "广告内容" });
    expect((await post(writer, c.slug, { intent: "hide", commentId: comment.id, reason: "spam" })).status).toBe(403);
    expect((await post(mod, c.slug, { intent: "hide", commentId: comment.id, reason: "" })).status).toBe(400);
    expect((await post(mod, c.slug, { intent: "hide", commentId: comment.id, reason: "广告" })).status).toBe(302);
    const audit = await prisma.auditLog.findMany({
      where: { targetId: comment.id },
      select: { action: true, actorId: true, reason: true },
    });
    expect(audit).toEqual([{ action: "comment.hide", actorId: mod.id, reason: "广告" }]);
    const asReader = await page(c.slug);
    expect(find(asReader.data.discussion.threads, comment.id)).toMatchObject({ state: "hidden", html: "" });
    const asMod = await page(c.slug, "", mod.cookie);
    expect(find(asMod.data.discussion.threads, comment.id)).toMatchObject({ state: "hidden", html: "<p>广告内容</p>" });
  });
});

describe("votes and most useful", () => {
  it("a helpful vote toggles; a case vote queues the case's search document", async () => {
    const author = await member();
    const writer = await member();
    const voter = await member();
    const c = await publishTestCase(author);
    const comment = await postJs(writer, c.slug, { text: "有用的经验" });
    const vote = (form: Record<string, string>) => post(voter, c.slug, { intent: "vote", js: "1", ...form });
    expect((await vote({ targetType: "comment", targetId: comment.id })).data.vote).toEqual({ voted: true, count: 1 });
    expect((await vote({ targetType: "comment", targetId: comment.id })).data.vote).toEqual({ voted: false, count: 0 });
    const before = await prisma.searchOutbox.count({ where: { docId: `case-${c.id}` } });
    expect((await vote({ targetType: "case" })).data.vote).toEqual({ voted: true, count: 1 });
    expect(await prisma.searchOutbox.count({ where: { docId: `case-${c.id}` } })).toBe(before + 1);
    // Not for one's own contribution.
    expect(
      (await post(writer, c.slug, { intent: "vote", js: "1", targetType: "comment", targetId: comment.id })).status,
    ).toBe(403);

    // The page's forms send only the comment's id, or nothing for the case (issue 15.2): the server
    // derives the target's type and the form's id (the key of the fetcher that shows the answer).
    const short = await vote({ targetId: comment.id });
    expect(short.data.vote).toEqual({ voted: true, count: 1 });
    expect(short.data.formId).toBe(`vote-comment-${comment.id}`);
    const onCase = await vote({});
    expect(onCase.data.vote).toEqual({ voted: false, count: 0 });
    expect(onCase.data.formId).toBe("vote-case-case");
  });

  it("50 members toggling at once end with the right counts", async () => {
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    const comment = await postJs(writer, c.slug, { text: "并发测试" });
    const voters = await Promise.all(Array.from({ length: 50 }, () => createTestUser()));
    const actor = (id: string) => ({ id, emailVerified: true });
    const { toggleHelpful } = await import("~/models/reaction.server.ts");
    await Promise.all(
      voters.flatMap((v) => [
        toggleHelpful(actor(v.id), "comment", comment.id),
        toggleHelpful(actor(v.id), "case", c.id),
      ]),
    );
    const [cm, cs] = await Promise.all([
      prisma.comment.findUniqueOrThrow({ where: { id: comment.id }, select: { helpfulCount: true } }),
      prisma.caseStudy.findUniqueOrThrow({ where: { id: c.id }, select: { helpfulCount: true } }),
    ]);
    expect(cm.helpfulCount).toBe(50);
    expect(cs.helpfulCount).toBe(50);
    // Half of them take their vote back, again all at once.
    await Promise.all(voters.slice(0, 25).map((v) => toggleHelpful(actor(v.id), "comment", comment.id)));
    const after = await prisma.comment.findUniqueOrThrow({ where: { id: comment.id }, select: { helpfulCount: true } });
    expect(after.helpfulCount).toBe(25);
    expect(await prisma.reaction.count({ where: { targetType: "comment", targetId: comment.id } })).toBe(25);
  });

  it("only the case's author marks the most useful comment; a deleted comment loses the mark", async () => {
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    const comment = await postJs(writer, c.slug, { text: "最有价值的补充" });
    expect((await post(writer, c.slug, { intent: "most-useful", commentId: comment.id })).status).toBe(403);
    expect((await post(author, c.slug, { intent: "most-useful", commentId: comment.id })).status).toBe(302);
    const view = await page(c.slug);
    expect(view.data.discussion.mostUseful?.id).toBe(comment.id);
    expect(await prisma.notification.count({ where: { userId: writer.id, type: "comment.mostUseful" } })).toBe(1);
    // Sorting by most helpful works alongside.
    expect((await page(c.slug, "?sort=helpful")).data.discussion.sort).toBe("helpful");
    await post(writer, c.slug, { intent: "delete", commentId: comment.id });
    const c2 = await prisma.caseStudy.findUniqueOrThrow({ where: { id: c.id }, select: { mostUsefulCommentId: true } });
    expect(c2.mostUsefulCommentId).toBeNull();
  });
});

describe("mentions and notifications", () => {
  it("the mention look-up is for signed-in members, JSON, at most 8", async () => {
    const me = await member();
    for (let i = 0; i < 10; i++)
      await createTestUser({ username: `zhang_${i}_${Date.now().toString(36)}`, displayName: `张 ${i}` });
    const anon = await callRoute(mentionsRoute.loader, { path: "/resources/mentions?q=zhang" });
    expect(anon.status).toBe(403);
    const res = await callRoute(mentionsRoute.loader, { path: "/resources/mentions?q=zhang", cookie: me.cookie });
    expect(res.status).toBe(200);
    expect(res.data.users).toHaveLength(8);
    const byName = await callRoute(mentionsRoute.loader, {
      path: `/resources/mentions?q=${encodeURIComponent("张 3")}`,
      cookie: me.cookie,
    });
    expect(byName.data.users.map((u: { displayName: string }) => u.displayName)).toEqual(["张 3"]);
  });

  it("one notification per member per event, never to the actor", async () => {
    const author = await member();
    const first = await member();
    const follower = await member();
    const replier = await member();
    const c = await publishTestCase(author);
    await prisma.subscription.create({ data: { userId: follower.id, targetType: "case", targetId: c.id } });
    const parent = await postJs(first, c.slug, { text: "第一条" });
    // The reply mentions the parent's author (also replied to) and the case's author (also the case's owner and a follower).
    const reply = await postJs(replier, c.slug, {
      parentId: parent.id,
      body: docOf(para(mention(first), text(" "), mention(author), text(" "), mention(replier))),
    });
    // The followers are told by the comment's job (app/jobs/comment-notify.server.ts).
    while ((await runDueJobs("comments-test")) > 0) {
      /* drain */
    }
    const rows = await prisma.notification.findMany({
      where: { data: { contains: reply.id } },
      select: { userId: true, type: true },
    });
    const byUser = Object.fromEntries(rows.map((r) => [r.userId, r.type]));
    expect(rows).toHaveLength(3);
    expect(byUser).toEqual({
      [first.id]: "comment.reply",
      [author.id]: "comment.mention",
      [follower.id]: "comment.followed",
    });
  });

  it("notification texts render escaped in both languages", async () => {
    const author = await member({ displayName: `<script>alert("a")</script>` });
    const reader = await member({ displayName: `"><svg onload=alert(1)>` });
    const c = await publishTestCase(author, `<img src=x onerror=alert(1)> 标题`);
    await postJs(reader, c.slug, { text: `<b>hi</b>` });
    const notifications = await import("~/routes/notifications/route.tsx");
    for (const locale of ["zh-CN", "en"] as const) {
      const res = await callRoute(notifications.loader, {
        path: `/notifications?lang=${locale}`,
        cookie: author.cookie,
      });
      const Stub = createRemixStub([
        { id: "page", path: "/notifications", Component: notifications.default, loader: () => res.data },
      ]);
      const html = renderToString(
        h(
          I18nextProvider,
          { i18n: i18nFor(locale) },
          h(Stub, { initialEntries: ["/notifications"], hydrationData: { loaderData: { page: res.data } } }),
        ),
      );
      expect(html).toContain("&lt;svg onload=alert(1)&gt;");
      expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; 标题");
      expect(html).not.toMatch(/<svg onload|<img src=x|<b>hi/);
      expect(html).toContain(locale === "en" ? "commented on your case" : "评论了您的案例");
    }
  });
});

/** Conform's reply in a failed answer: errors by field ("" = the form) and what was posted. */
type Reply = { status: string; error: Record<string, string[] | null>; initialValue: Record<string, unknown> | null };
const replyOf = (res: { data: { result: Reply } }) => res.data.result;
const formErrors = (res: { data: { result: Reply } }) => replyOf(res).error[""];

describe("notification forms", () => {
  it("marking read takes an id or 'all'; anything else is a 400 with a message in the reader's language", async () => {
    const author = await member();
    const reader = await member();
    const c = await publishTestCase(author);
    await postJs(reader, c.slug, { text: "给作者的通知" });
    const notifications = await import("~/routes/notifications/route.tsx");
    const act = (form: Record<string, string>, locale = "zh-CN") =>
      callRoute(notifications.action, {
        path: "/notifications",
        cookie: author.cookie,
        form,
        headers: { "accept-language": locale },
      });
    const bads: Array<Record<string, string>> = [
      { intent: "read" },
      { intent: "read", id: "x".repeat(65) },
      { intent: "launch" },
      {},
    ];
    for (const form of bads) {
      const res = await act(form);
      expect(res.status, JSON.stringify(form)).toBe(400);
    }
    const bad = await act({ intent: "read" });
    for (const locale of ["zh-CN", "en"] as const) {
      const res = await callRoute(notifications.loader, {
        path: `/notifications?lang=${locale}`,
        cookie: author.cookie,
      });
      const Stub = createRemixStub([
        { id: "page", path: "/notifications", Component: notifications.default, loader: () => res.data },
      ]);
      const html = renderToString(
        h(
          I18nextProvider,
          { i18n: i18nFor(locale) },
          h(Stub, {
            initialEntries: ["/notifications"],
            hydrationData: { loaderData: { page: res.data }, actionData: { page: bad.data } },
          }),
        ),
      );
      expect(html).toContain(locale === "en" ? "That notification could not be found." : "找不到该通知");
    }
    const [note] = await prisma.notification.findMany({ where: { userId: author.id }, select: { id: true } });
    expect((await act({ intent: "read", id: note!.id })).status).toBe(302);
    expect((await act({ intent: "read-all" })).status).toBe(302);
    expect(await prisma.notification.count({ where: { userId: author.id, readAt: null } })).toBe(0);
  });
});

describe("anti-abuse", () => {
  it("duplicates, over-long comments and fast posting are refused with a message in each language, keeping the text", async () => {
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    expect((await post(writer, c.slug, { text: "同样的话" })).status).toBe(302);
    const dupZh = await post(writer, c.slug, { text: "同样的话" }, { "accept-language": "zh-CN" });
    expect(dupZh.status).toBe(400);
    expect(dupZh.data).toMatchObject({ ok: false, intent: "comment", formId: "comment" });
    expect(formErrors(dupZh)).toEqual(["您刚刚已在这里发表过相同的评论。"]);
    expect(replyOf(dupZh).initialValue).toMatchObject({ text: "同样的话" });
    const dupEn = await post(writer, c.slug, { text: "同样的话", formId: "new" }, { "accept-language": "en" });
    expect(dupEn.data).toMatchObject({ formId: "new" });
    expect(formErrors(dupEn)).toEqual(["You already posted this same comment here a moment ago."]);

    // Over-long and empty comments are field errors (i18n keys, translated by the form: see "field errors").
    const long = "长".repeat(5001);
    const tooLong = await post(writer, c.slug, { text: long });
    expect(tooLong.status).toBe(400);
    expect(replyOf(tooLong).error.text).toEqual(["discussion:errors.tooLong"]);
    expect(replyOf(tooLong).initialValue).toMatchObject({ text: long });
    const empty = await post(writer, c.slug, { text: "  \n " });
    expect(empty.status).toBe(400);
    expect(replyOf(empty).error.text).toEqual(["discussion:errors.empty"]);

    // Accounts younger than a day: 3 comments per 10 minutes.
    const young = await member({ young: true });
    for (let i = 0; i < 3; i++) expect((await post(young, c.slug, { text: `新人评论 ${i}` })).status).toBe(302);
    const limitedZh = await post(young, c.slug, { text: "第四条" }, { "accept-language": "zh-CN" });
    expect(limitedZh.status).toBe(429);
    expect(formErrors(limitedZh)![0]).toMatch(/^发表过于频繁，请在 \d+ 分钟后重试。$/);
    expect(replyOf(limitedZh).initialValue).toMatchObject({ text: "第四条" });
    expect(limitedZh.headers.get("retry-after")).toBeTruthy();
    const limitedEn = await post(young, c.slug, { text: "fifth" }, { "accept-language": "en" });
    expect(formErrors(limitedEn)![0]).toMatch(/^You are posting too fast\. Try again in \d+ minutes?\.$/);

    // Older accounts: 10 per 10 minutes.
    const regular = await member();
    for (let i = 0; i < 10; i++) expect((await post(regular, c.slug, { text: `评论 ${i}` })).status).toBe(302);
    expect((await post(regular, c.slug, { text: "第十一条" })).status).toBe(429);
  });
});

describe("field errors", () => {
  const EMPTY = { "zh-CN": "请先输入内容再发表。", en: "Write something before posting." };
  const TOO_LONG = { "zh-CN": "评论最多 5,000 个字符。", en: "Comments can be at most 5,000 characters long." };

  it("an empty or over-long comment posted without JavaScript comes back with the message in the reader's language and the text kept", async () => {
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    for (const locale of ["zh-CN", "en"] as const) {
      const empty = await post(writer, c.slug, { formId: "new", text: " \n\u3000 " }, { "accept-language": locale });
      expect(empty.status).toBe(400);
      const emptyHtml = await renderPage(c.slug, locale, writer.cookie, empty.data);
      expect(emptyHtml).toContain(EMPTY[locale]);
      expect(emptyHtml).toMatch(/<textarea[^>]*aria-invalid="true"/);

      const long = `${locale} ${"长".repeat(5001)}`;
      const tooLong = await post(writer, c.slug, { formId: "new", text: long }, { "accept-language": locale });
      expect(tooLong.status).toBe(400);
      const html = await renderPage(c.slug, locale, writer.cookie, tooLong.data);
      expect(html).toContain(TOO_LONG[locale]);
      // What was typed is still in the textarea.
      expect(html).toContain(`>${long}</textarea>`);
    }
    expect(await prisma.comment.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("a reply's and an edit's errors come back to that form, with JavaScript as without", async () => {
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    const parent = await postJs(writer, c.slug, { text: "原评论" });
    const reply = await post(
      writer,
      c.slug,
      { formId: `reply-${parent.id}`, parentId: parent.id, text: "" },
      { "accept-language": "en" },
    );
    expect(reply.status).toBe(400);
    expect(reply.data).toMatchObject({ ok: false, formId: `reply-${parent.id}` });
    const replyHtml = await renderPage(c.slug, "en", writer.cookie, reply.data);
    // The reply form is open again, under its comment, with the message.
    expect(replyHtml).toContain(`id="reply-${parent.id}"`);
    expect(replyHtml).toContain(EMPTY.en);

    // The editor's document (JavaScript on): the same limit, counted in the document's text.
    const body = docOf(para(text("字".repeat(5001))));
    const edit = await post(
      writer,
      c.slug,
      { intent: "edit", js: "1", formId: `edit-${parent.id}`, commentId: parent.id, body },
      { "accept-language": "zh-CN" },
    );
    expect(edit.status).toBe(400);
    expect(replyOf(edit).error.body).toEqual(["discussion:errors.tooLong"]);
    const editHtml = await renderPage(c.slug, "zh-CN", writer.cookie, edit.data);
    expect(editHtml).toContain(TOO_LONG["zh-CN"]);
    expect(find((await page(c.slug)).data.discussion.threads, parent.id)!.html).toBe("<p>原评论</p>");
  });

  it("the browser runs the same schema: it refuses what the server would, and never what the server takes", async () => {
    const { parseWithZod } = await import("@conform-to/zod");
    const { commentSchema } = await import("~/features/discussion/discussion-schemas.ts");
    const form = (fields: Record<string, string>) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.set(k, v);
      const submission = parseWithZod(fd, { schema: commentSchema() });
      return { status: submission.status, error: submission.status === "success" ? null : submission.error };
    };
    expect(form({ intent: "comment", text: "" }).error).toEqual({ text: ["discussion:errors.empty"] });
    expect(form({ intent: "comment", text: "长".repeat(5001) }).error).toEqual({ text: ["discussion:errors.tooLong"] });
    expect(form({ intent: "comment", body: docOf(para()) }).error).toEqual({ body: ["discussion:errors.empty"] });
    expect(form({ intent: "comment", body: docOf(para(text("a".repeat(5001)))) }).error).toEqual({
      body: ["discussion:errors.tooLong"],
    });
    // At the limit with spaces between lines: the server takes it, so the browser must too.
    const atLimit = `${"甲".repeat(2500)}\n\n${"乙".repeat(2500)}  `;
    expect(form({ intent: "comment", text: atLimit }).status).toBe("success");
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    expect((await post(writer, c.slug, { text: atLimit })).status).toBe(302);
  });

  it("bad input to the other discussion forms is a 4xx, never a 500", async () => {
    const author = await member();
    const writer = await member();
    const mod = await member({ role: "moderator" });
    const c = await publishTestCase(author);
    const comment = await postJs(writer, c.slug, { text: "一条评论" });
    const cases: Array<[Member, Record<string, string>, number]> = [
      [author, { intent: "vote", targetType: "nonsense" }, 400],
      [author, { intent: "vote", targetType: "comment" }, 400],
      [author, { intent: "vote", targetType: "comment", targetId: "x".repeat(200) }, 400],
      [author, { intent: "vote", targetType: "comment", targetId: "no-such-comment" }, 404],
      [writer, { intent: "delete" }, 400],
      [writer, { intent: "edit", commentId: comment.id }, 400],
      [writer, { intent: "edit", text: "没有 id" }, 400],
      [author, { intent: "most-useful", commentId: "no-such-comment" }, 404],
      [mod, { intent: "hide", commentId: comment.id, reason: "   " }, 400],
      [mod, { intent: "unhide" }, 400],
      [writer, { intent: "launch-missiles" }, 400],
      [writer, { intent: "" }, 400],
    ];
    for (const [who, form, status] of cases) {
      const res = await post(who, c.slug, { js: "1", ...form });
      expect(res.status, JSON.stringify(form)).toBe(status);
      expect(res.data.ok, JSON.stringify(form)).toBe(false);
    }
    const hide = await post(
      mod,
      c.slug,
      // As the page's hide form sends it: no formId, the comment's id as the button's value.
      { intent: "hide", commentId: comment.id, reason: "" },
      { "accept-language": "en" },
    );
    expect(replyOf(hide).error.reason).toEqual(["discussion:errors.reasonRequired"]);
    // The server names the form after intent and comment, so the error lands on that comment's form.
    expect(hide.data.formId).toBe(`hide-${comment.id}`);
    const html = await renderPage(c.slug, "en", mod.cookie, hide.data);
    expect(html).toContain("Give a reason.");
    const own = await post(
      writer,
      c.slug,
      { intent: "vote", js: "1", targetType: "comment", targetId: comment.id },
      { "accept-language": "zh-CN" },
    );
    expect(own.status).toBe(403);
    expect(formErrors(own)).toEqual(["不能为自己的内容点“有帮助”。"]);
  });
});

describe("hostile input", () => {
  function assertInert(html: string) {
    const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
    for (const raw of tags) {
      // Inside a quoted (escaped) attribute value, text is only text.
      const tag = raw.replace(/"[^"]*"/g, '""');
      expect(tag).toMatch(/^<(p|br|strong|em|code|a|ul|ol|li|blockquote|span)[\s>]/);
      expect(tag).not.toMatch(/\son\w+\s*=/i);
      expect(tag).not.toMatch(/javascript:/i);
    }
    expect(html).not.toMatch(/<script|<img|<svg|<iframe|<style/i);
  }

  it("every string of the XSS corpus comes out escaped, with and without JavaScript", async () => {
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    for (const s of xssStrings) {
      await reset("commentMember", writer.id);
      const res = await post(writer, c.slug, { text: s, js: "1" });
      if (res.status !== 200) {
        expect(res.status, s).toBe(400); // e.g. a string that is only control characters
        continue;
      }
      assertInert(res.data.comment.html);
    }
    const html = await renderPage(c.slug, "zh-CN");
    expect(html).not.toMatch(/<script>alert|onerror=alert\(1\)>|<svg onload/);
  });

  it("every hostile document is refused or rendered inert", async () => {
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author);
    for (const x of xssDocs) {
      let body: string;
      try {
        body = JSON.stringify(x.doc);
      } catch {
        continue; // nested too deep to be serialized, so it cannot arrive in a form either
      }
      await reset("commentMember", writer.id);
      const res = await post(writer, c.slug, { body, js: "1" });
      if (x.expect === "reject" && x.kind === "comment") expect(res.status, x.name).toBe(400);
      if (res.status === 200) assertInert(res.data.comment.html);
      else expect([400], x.name).toContain(res.status);
    }
  });
});

/** The case page as the server renders it; `actionData` is the answer of a post without JavaScript. */
async function renderPage(slug: string, locale: "zh-CN" | "en", cookie?: string, actionData?: unknown) {
  const res = await page(slug, `?lang=${locale}`, cookie);
  expect(res.status).toBe(200);
  const Stub = createRemixStub([
    { id: "page", path: "/cases/:slug", Component: pageRoute.default, loader: () => res.data },
  ]);
  const hydrationData = { loaderData: { page: res.data }, ...(actionData ? { actionData: { page: actionData } } : {}) };
  const html = renderToString(
    h(I18nextProvider, { i18n: i18nFor(locale) }, h(Stub, { initialEntries: [`/cases/${slug}`], hydrationData })),
  );
  expect(html).not.toMatch(/\bdiscussion:[a-z]/);
  return html;
}

describe("search documents", () => {
  it("a comment is a discussion document while visible, and leaves the index when deleted", async () => {
    const { searchDocumentsFor } = await import("~/models/search-documents.server.ts");
    const author = await member();
    const writer = await member();
    const c = await publishTestCase(author, "Discussion search case");
    const comment = await postJs(writer, c.slug, { text: "公共海外仓的经验" });
    const docId = `comment-${comment.id}`;
    expect(await prisma.searchOutbox.count({ where: { docId } })).toBe(1);
    const docs = await searchDocumentsFor([docId]);
    expect(docs.upserts).toEqual([
      expect.objectContaining({
        id: docId,
        kind: "discussion",
        fields: expect.objectContaining({
          title: "Discussion search case",
          body: "公共海外仓的经验",
          caseSlug: c.slug,
        }),
      }),
    ]);
    await post(writer, c.slug, { intent: "delete", commentId: comment.id });
    expect(await prisma.searchOutbox.count({ where: { docId } })).toBe(2);
    expect((await searchDocumentsFor([docId])).deletes).toEqual([docId]);
  });
});
