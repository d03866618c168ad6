// The members' shared render of a case page (ADR 015): the copy rendered for no
// one carries nothing personal, /resources/viewer-state gives each member back
// exactly what the loader would have shown them, and every write under a case
// moves the version the cached copy is checked against.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { casePageVersion, createDraft, listingsVersion, publishCase } from "~/models/case.server.ts";
import * as rootRoute from "~/root.tsx";
import * as pageRoute from "~/routes/cases.$slug/route.tsx";
import * as stateRoute from "~/routes/resources.viewer-state/route.tsx";
import { withCaseViewerState, type ViewerState } from "~/features/viewer-state.ts";
import { sharedPageVersion } from "~/entry.server.tsx";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

type Member = { id: string; username: string; cookie: string; displayName: string };
let baseId = "";
let n = 0;

async function member(overrides: { role?: "moderator"; verified?: boolean; locale?: string } = {}): Promise<Member> {
  n += 1;
  const displayName = `共享成员 ${n}`;
  const u = await createTestUser({
    displayName,
    emailVerified: overrides.verified ?? true,
    ...(overrides.role ? { role: overrides.role } : {}),
  });
  await prisma.user.update({
    where: { id: u.id },
    data: { createdAt: new Date(Date.now() - 3 * 86_400_000), locale: overrides.locale ?? null },
  });
  return { id: u.id, username: u.username, cookie: await cookieFor(u.id), displayName };
}

async function publishTestCase(author: Member) {
  await prisma.user.update({ where: { id: author.id }, data: { baseId, baseVerifiedAt: new Date() } });
  const actor = { id: author.id, role: "member", baseId, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title: `共享渲染 ${n}`, summary: "summary", baseId };
  const d = await createDraft(author.id, crypto.randomUUID(), content);
  const r = await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return { id: d.id, slug: r.slug };
}

function act(who: Member, slug: string, form: Record<string, string>) {
  return callRoute(pageRoute.action, {
    path: `/cases/${slug}`,
    params: { slug },
    cookie: who.cookie,
    form: { js: "1", ...form },
  });
}
async function comment(who: Member, slug: string, text: string, parentId?: string): Promise<string> {
  const res = await act(who, slug, { intent: "comment", formId: "new", text, ...(parentId ? { parentId } : {}) });
  expect(res.status, JSON.stringify(res.data)).toBe(200);
  return res.data.comment.id as string;
}

const pageData = (slug: string, who?: Member, shared = false) =>
  callRoute(pageRoute.loader, { path: `/cases/${slug}`, params: { slug }, cookie: who?.cookie, shared });
const stateOf = async (slug: string, who?: Member) => {
  const res = await callRoute(stateRoute.loader, {
    path: `/resources/viewer-state?page=${encodeURIComponent(`/cases/${slug}`)}`,
    cookie: who?.cookie,
  });
  expect(res.status).toBe(200);
  return res.data as ViewerState;
};

let author: Member, reader: Member, other: Member, moderator: Member;
let c: { id: string; slug: string };
let mine = "",
  theirs = "",
  hidden = "";

beforeAll(async () => {
  baseId = (
    await prisma.base.create({
      data: {
        code: "T-shared-base",
        slug: "shared-base",
        nameZh: "共享基地",
        nameEn: "Shared Base",
        industry: "textiles-clothing",
        province: "zhejiang",
        cityZh: "绍兴",
        cityEn: "Shaoxing",
      },
      select: { id: true },
    })
  ).id;
  [author, reader, other, moderator] = [
    await member(),
    await member(),
    await member(),
    await member({ role: "moderator" }),
  ];
  c = await publishTestCase(author);
  theirs = await comment(other, c.slug, "别人的评论：海外仓的租金怎么分摊？");
  mine = await comment(reader, c.slug, "我的回复：按仓位面积分摊。", theirs);
  hidden = await comment(other, c.slug, "一条会被隐藏的评论");
  expect(
    (await act(moderator, c.slug, { intent: "hide", formId: `hide-${hidden}`, commentId: hidden, reason: "广告" }))
      .status,
  ).toBe(200);
  expect(
    (
      await act(reader, c.slug, {
        intent: "vote",
        formId: `vote-comment-${theirs}`,
        targetType: "comment",
        targetId: theirs,
      })
    ).status,
  ).toBe(200);
  expect((await act(reader, c.slug, { intent: "vote", formId: "vote-case-case", targetType: "case" })).status).toBe(
    200,
  );
});

describe("the shared render", () => {
  it("carries nothing of the member whose request it was rendered for", async () => {
    const shared = await pageData(c.slug, reader, true);
    expect(shared.status).toBe(200);
    const d = shared.data;
    expect(d.shared).toBe(true);
    expect(d.viewer).toEqual({ signedIn: true, verified: true, isCaseAuthor: false });
    expect(d.can).toEqual({ edit: false, delete: false, moderate: false, translate: false });
    expect(d.following).toBe(false);
    expect(d.discussion.caseVoted).toBe(false);
    const text = JSON.stringify(d);
    expect(text).not.toContain('"voted":true');
    expect(text).not.toContain('"edit":true');
    expect(text).not.toContain("广告"); // a hidden comment's reason is for its author and moderators
    const root = await callRoute(rootRoute.loader, { path: `/cases/${c.slug}`, cookie: reader.cookie, shared: true });
    expect(root.data.user).toBeNull();
    expect(root.data.shared).toBe(true);
  });

  it("answers 404 for a case not everyone may see, so the page is rendered for the member", async () => {
    const other2 = await publishTestCase(await member());
    await prisma.caseStudy.update({ where: { id: other2.id }, data: { status: "hidden", hiddenReason: "x" } });
    expect((await pageData(other2.slug, moderator, true)).status).toBe(404);
    expect((await pageData(other2.slug, moderator)).status).toBe(200);
  });
});

describe("/resources/viewer-state", () => {
  it("gives a member back exactly what the page's loader shows them", async () => {
    const shared = (await pageData(c.slug, reader, true)).data;
    const personal = (await pageData(c.slug, reader)).data;
    const state = await stateOf(c.slug, reader);
    expect(state.user?.displayName).toBe(reader.displayName);
    expect(state.case?.comments?.[theirs]).toEqual({ voted: true });
    expect(state.case?.comments?.[mine]?.can).toEqual({ edit: true, delete: true, hide: false, history: false });
    const merged = withCaseViewerState(shared, state.case!);
    expect(merged.discussion).toEqual(personal.discussion);
    expect({ viewer: merged.viewer, can: merged.can, following: merged.following }).toEqual({
      viewer: personal.viewer,
      can: personal.can,
      following: personal.following,
    });
    expect(merged.following).toBe(true); // commenting follows the case
    expect(merged.discussion.caseVoted).toBe(true);
  });

  it("gives the case's author their controls and a moderator the hidden comment and moderation", async () => {
    for (const who of [author, moderator, other]) {
      const shared = (await pageData(c.slug, who, true)).data;
      const personal = (await pageData(c.slug, who)).data;
      const merged = withCaseViewerState(shared, (await stateOf(c.slug, who)).case!);
      expect(merged.discussion).toEqual(personal.discussion);
      expect(merged.viewer).toEqual(personal.viewer);
      expect(merged.can).toEqual(personal.can);
    }
    const mod = (await stateOf(c.slug, moderator)).case!;
    expect(mod.comments).toBeNull();
    expect(JSON.stringify(mod.discussion)).toContain("一条会被隐藏的评论");
    expect((await stateOf(c.slug, author)).case?.viewer.isCaseAuthor).toBe(true);
  });

  it("tells a signed-out browser (an expired session) that no one is signed in", async () => {
    const state = await stateOf(c.slug);
    expect(state.user).toBeNull();
    expect(state.case?.viewer).toEqual({ signedIn: false, verified: false, isCaseAuthor: false });
    expect(state.case?.comments).toEqual({});
  });

  it("refuses a page that is not a path on this site, and sets the language cookie to a member's saved choice", async () => {
    for (const page of ["https://evil.example/cases/x", "//evil.example/x", ""]) {
      const res = await callRoute(stateRoute.loader, {
        path: `/resources/viewer-state?page=${encodeURIComponent(page)}`,
        cookie: reader.cookie,
      });
      expect(res.status).toBe(400);
    }
    const english = await member({ locale: "en" });
    const res = await callRoute(stateRoute.loader, {
      path: `/resources/viewer-state?page=${encodeURIComponent(`/cases/${c.slug}`)}`,
      cookie: `${english.cookie}; lang=zh-CN`,
    });
    expect(res.headers.get("set-cookie")).toMatch(/^lang=en;/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
  });
});

describe("the page's version", () => {
  it("moves with every write under the case", async () => {
    const seen = new Set<string>();
    const step = async (what: string, write: () => Promise<unknown>) => {
      await write();
      const v = (await casePageVersion(c.slug))!;
      expect(seen.has(v), `${what} did not move the version`).toBe(false);
      seen.add(v);
    };
    seen.add((await casePageVersion(c.slug))!);
    let fresh = "";
    await step("comment", async () => (fresh = await comment(reader, c.slug, "又一条评论，写于版本测试。")));
    await step("edit", () =>
      act(reader, c.slug, { intent: "edit", formId: `edit-${fresh}`, commentId: fresh, text: "改过的评论" }),
    );
    await step("comment vote", () =>
      act(author, c.slug, { intent: "vote", formId: `vote-comment-${fresh}`, targetType: "comment", targetId: fresh }),
    );
    await step("vote withdrawn", () =>
      act(author, c.slug, { intent: "vote", formId: `vote-comment-${fresh}`, targetType: "comment", targetId: fresh }),
    );
    await step("case vote", () => act(other, c.slug, { intent: "vote", formId: "vote-case-case", targetType: "case" }));
    await step("most useful", () =>
      act(author, c.slug, { intent: "most-useful", formId: `useful-${fresh}`, commentId: fresh }),
    );
    await step("most useful cleared", () =>
      act(author, c.slug, { intent: "most-useful", formId: `useful-${fresh}`, commentId: "" }),
    );
    await step("unhide", () =>
      act(moderator, c.slug, { intent: "unhide", formId: `unhide-${hidden}`, commentId: hidden }),
    );
    await step("delete", () => act(reader, c.slug, { intent: "delete", formId: `delete-${fresh}`, commentId: fresh }));
    expect(await sharedPageVersion(`/cases/${encodeURIComponent(c.slug)}`)).toBe(await casePageVersion(c.slug));
    expect(await sharedPageVersion(`/cases/${c.slug}/history`)).toBeNull();
    expect(await sharedPageVersion("/bases/some-base")).toBeNull(); // its follow button is the member's
    for (const path of ["/", "/cases", "/bases"]) expect(await sharedPageVersion(path)).toBe(await listingsVersion());
    expect(await sharedPageVersion("/cases/no-such-case")).toBeNull();
  });
});

describe("after a vote", () => {
  it("a vote sent with JavaScript does not reload the page's data (its fetcher shows the answer); other posts do", () => {
    const form = (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.append(k, v);
      return f;
    };
    const ask = (formData: FormData) =>
      pageRoute.shouldRevalidate({ formData, defaultShouldRevalidate: true } as Parameters<
        typeof pageRoute.shouldRevalidate
      >[0]);
    expect(ask(form({ intent: "vote", js: "1" }))).toBe(false);
    expect(ask(form({ intent: "vote" }))).toBe(true);
    expect(ask(form({ intent: "comment", js: "1" }))).toBe(true);
  });
});

describe("the listings' version", () => {
  it("moves when a case is published and when a case changes, so a member finds their new case listed", async () => {
    const before = await listingsVersion();
    const fresh = await publishTestCase(await member());
    const published = await listingsVersion();
    expect(published).not.toBe(before);
    await act(reader, fresh.slug, { intent: "vote", formId: "vote-case-case", targetType: "case" });
    expect(await listingsVersion()).not.toBe(published);
  });
});
