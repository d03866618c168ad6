// Issue 10.5: moderators and admins could read and overwrite members' unpublished
// drafts. Only the author may read or change a draft — a case nobody has published,
// and the author's pending edits of a published one; moderators, ministry staff and
// admins act on published content only. Checked per role, through the routes and
// the model that enforces it.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { upsertTopics } from "~/models/topic.server.ts";
import {
  CaseError,
  deleteCase,
  discardDraft,
  getCaseForEditing,
  publishCase,
  saveDraft,
  setCaseHidden,
} from "~/models/case.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import * as newRoute from "~/routes/cases.new/route.tsx";
import * as editRoute from "~/routes/cases.$slug_.edit/route.tsx";
import * as deleteRoute from "~/routes/cases.$slug_.delete/route.tsx";
import * as draftsApi from "~/routes/resources.case-drafts/route.tsx";
import { DEFAULT_TOPICS } from "../../prisma/topics.ts";
import { callRoute } from "../helpers/route.ts";
import { createTestBase } from "../helpers/bases.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const para = (text: string) =>
  JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

function caseForm(title: string): Record<string, string | string[]> {
  return {
    title,
    summary: "摘要",
    topics: ["logistics"],
    stage: "pilot",
    periodStart: "2022",
    background: para("背景"),
    approach: para("做法"),
    results: para("成效"),
    replicability: para("条件"),
  };
}

type Who = {
  id: string;
  role: string;
  cookie: string;
  baseId: string | null;
  baseVerified: boolean;
  emailVerified: boolean;
};
const people: Record<"author" | "other" | "moderator" | "ministry" | "admin", Who> = {} as never;
const STAFF = ["moderator", "ministry", "admin"] as const;
let draftSlug = "";
let draftId = "";
let publishedSlug = "";
let publishedId = "";

async function newDraft(cookie: string, form: Record<string, string | string[]>) {
  const res = await callRoute(newRoute.action, {
    path: "/cases/new",
    cookie,
    form: { ...form, intent: "save", clientKey: crypto.randomUUID(), version: "0" },
  });
  expect(res.status).toBe(302);
  return /^\/cases\/([^/]+)\/edit/.exec(res.headers.get("location") ?? "")![1]!;
}

const editPage = (slug: string, cookie?: string) =>
  callRoute(editRoute.loader, { path: `/cases/${slug}/edit`, params: { slug }, cookie });
const editPost = (slug: string, cookie: string, form: Record<string, string | string[]>) =>
  callRoute(editRoute.action, { path: `/cases/${slug}/edit`, params: { slug }, cookie, form });
const autosave = (cookie: string | undefined, caseId: string, version: number, title: string) =>
  callRoute(draftsApi.action, {
    path: "/resources/case-drafts",
    cookie,
    form: { ...caseForm(title), caseId, version: String(version) },
  });

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
    people[key] = {
      id: u.id,
      role,
      cookie: await cookieFor(u.id),
      baseId: base.id,
      baseVerified: true,
      emailVerified: true,
    };
  }
  const { author } = people;
  draftSlug = await newDraft(author.cookie, caseForm("私人草稿标题"));
  draftId = (await prisma.caseStudy.findUniqueOrThrow({ where: { slug: draftSlug } })).id;

  const pSlug = await newDraft(author.cookie, caseForm("已发布的标题"));
  const page = await editPage(pSlug, author.cookie);
  const pub = await editPost(pSlug, author.cookie, {
    ...caseForm("已发布的标题"),
    intent: "publish",
    version: String(page.data.case.version),
  });
  expect(pub.status).toBe(302);
  publishedSlug = /^\/cases\/([^/?]+)/.exec(pub.headers.get("location")!)![1]!;
  publishedId = page.data.case.id;
  // The author then saves edits they have not published.
  const again = await editPage(publishedSlug, author.cookie);
  const saved = await autosave(author.cookie, publishedId, again.data.case.version, "作者未发布的修改");
  expect(saved.status).toBe(200);
});

describe("an unpublished draft", () => {
  it("the author reads and saves it", async () => {
    const page = await editPage(draftSlug, people.author.cookie);
    expect(page.status).toBe(200);
    expect(page.data.case.content.title).toBe("私人草稿标题");
    expect((await autosave(people.author.cookie, draftId, page.data.case.version, "私人草稿标题 2")).status).toBe(200);
  });

  it("does not exist for anyone else: other member, moderator, ministry, admin", async () => {
    for (const key of ["other", ...STAFF] as const) {
      const who = people[key];
      const page = await editPage(draftSlug, who.cookie);
      expect(page.status, key).toBe(404);
      expect(JSON.stringify(page.data ?? "")).not.toContain("私人草稿");
      expect((await autosave(who.cookie, draftId, 99, "覆盖")).status, key).toBe(404);
      const save = await editPost(draftSlug, who.cookie, { ...caseForm("覆盖"), intent: "save", version: "99" });
      expect(save.status, key).toBe(404);
      const del = await callRoute(deleteRoute.action, {
        path: `/cases/${draftSlug}/delete`,
        params: { slug: draftSlug },
        cookie: who.cookie,
        form: {},
      });
      expect(del.status, key).toBe(404);
    }
    const stored = await prisma.caseStudy.findUniqueOrThrow({ where: { id: draftId } });
    expect(JSON.parse(stored.draft).title).toBe("私人草稿标题 2");
    expect(stored.deletedAt).toBeNull();
  });

  it("anonymous visitors are sent to log in", async () => {
    const page = await editPage(draftSlug);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/login\?/);
    expect((await autosave(undefined, draftId, 1, "x")).status).toBe(401);
  });

  it("the model refuses every read and write by anyone but the author", async () => {
    const content = { ...emptyContent(), title: "覆盖" };
    for (const key of ["other", ...STAFF] as const) {
      const who = people[key];
      expect(await getCaseForEditing(draftId, who), key).toBeNull();
      await expect(saveDraft(draftId, who, content, 1), key).rejects.toThrow(CaseError);
      await expect(discardDraft(draftId, who), key).rejects.toThrow(CaseError);
      await expect(publishCase(draftId, who, content, { expectedVersion: 0 }), key).rejects.toThrow(CaseError);
      await expect(deleteCase(draftId, who), key).rejects.toThrow(CaseError);
      if (key !== "other") await expect(setCaseHidden(draftId, who, true, "x"), key).rejects.toThrow("not-found");
    }
    expect((await getCaseForEditing(draftId, people.author))!.mode).toBe("author");
  });
});

describe("a published case with the author's unpublished edits", () => {
  it("the author sees their pending edits; staff see the published text and nothing of the pending edits", async () => {
    const mine = await editPage(publishedSlug, people.author.cookie);
    expect(mine.data.case.content.title).toBe("作者未发布的修改");
    expect(mine.data.case.ownDraft).toBe(true);
    for (const key of STAFF) {
      const page = await editPage(publishedSlug, people[key].cookie);
      expect(page.status, key).toBe(200);
      expect(page.data.case.content.title, key).toBe("已发布的标题");
      expect(page.data.case.ownDraft, key).toBe(false);
      expect(JSON.stringify(page.data), key).not.toContain("作者未发布的修改");
      const del = await callRoute(deleteRoute.loader, {
        path: `/cases/${publishedSlug}/delete`,
        params: { slug: publishedSlug },
        cookie: people[key].cookie,
      });
      expect(del.data.title, key).toBe("已发布的标题");
    }
    expect((await editPage(publishedSlug, people.other.cookie)).status).toBe(403);
    expect((await editPage(publishedSlug)).status).toBe(302);
  });

  it("staff cannot save over the author's working copy, by autosave or by the form", async () => {
    for (const key of [...STAFF, "other"] as const) {
      const who = people[key];
      expect((await autosave(who.cookie, publishedId, 99, "覆盖作者草稿")).status, key).toBe(403);
      const page = await editPage(publishedSlug, who.cookie);
      const version = String(page.data?.case?.version ?? 1);
      const save = await editPost(publishedSlug, who.cookie, { ...caseForm("覆盖作者草稿"), intent: "save", version });
      expect(save.status, key).toBe(403);
      await expect(saveDraft(publishedId, who, { ...emptyContent(), title: "x" }, 99), key).rejects.toThrow(
        "forbidden",
      );
    }
    const stored = await prisma.caseStudy.findUniqueOrThrow({ where: { id: publishedId } });
    expect(JSON.parse(stored.draft).title).toBe("作者未发布的修改");
    expect(stored.hasPendingDraft).toBe(true);
  });

  it("a moderator's edit publishes a new revision of the published text and leaves the author's pending edits alone", async () => {
    const mod = people.moderator;
    const page = await editPage(publishedSlug, mod.cookie);
    const res = await editPost(publishedSlug, mod.cookie, {
      ...caseForm("版主修正后的标题"),
      intent: "publish",
      version: String(page.data.case.version),
      note: "修正错别字",
    });
    expect(res.status).toBe(302);
    const stored = await prisma.caseStudy.findUniqueOrThrow({ where: { id: publishedId } });
    expect(stored.title).toBe("版主修正后的标题");
    expect(stored.revisionNumber).toBe(2);
    expect(JSON.parse(stored.draft).title).toBe("作者未发布的修改");
    expect(stored.hasPendingDraft).toBe(true);
    // A stale version (the page before that publication) is a conflict, not an overwrite.
    const stale = await editPost(publishedSlug, people.admin.cookie, {
      ...caseForm("管理员的旧页面"),
      intent: "publish",
      version: String(page.data.case.version),
    });
    expect(stale.status).toBe(409);
  });
});
