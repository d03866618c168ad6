// The case page's statements (ADR 079): its case read resolves the slug itself and says
// which of the page's lists the case has at all — comments, attachments, cases it builds
// on — so a case without them costs no statement for them; a member's vote, follow and
// bookmark of the case come with it too, and the case's base is not read again for the
// adoption form. With the lists, they are read and shown as before.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import * as pageRoute from "~/routes/cases.$slug/route.tsx";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { callRoute } from "../helpers/route.ts";
import { watchStatements } from "../helpers/statements.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

/** The loader's answer for `slug` and the SQL of every statement it ran (either database). */
async function view(slug: string, cookie?: string) {
  const watched = await watchStatements(() =>
    callRoute(pageRoute.loader, { path: `/cases/${slug}`, params: { slug }, ...(cookie ? { cookie } : {}) }),
  );
  return { res: watched.result, sql: watched.rows.map((r) => r.sql) };
}

const COMMENT_PAGE = /FROM "?Comment"? c JOIN "?User"? u/;
const ATTACHMENTS = /FROM "?Attachment"? WHERE/;
const BASED_ON = /WHERE a\."?followUpCaseId"? = /;
const SLUG_ONLY = /^SELECT "?id"? FROM "?CaseStudy"? WHERE "?slug"? = /;
const CASE_BASE = /^SELECT "?baseId"? FROM "?CaseStudy"? WHERE/;
const VOTED = /^SELECT 1 FROM "?Reaction"? WHERE/;
const FOLLOWS = /^SELECT 1 FROM "?Subscription"? WHERE/;
const BOOKMARKED = /^SELECT 1 FROM "?Bookmark"? WHERE/;

let c: { id: string; slug: string; authorId: string; baseId: string | null };

beforeAll(async () => {
  await seedIfEmpty({ quiet: true });
  // A published case that has no comment, attachment or case it builds on (the demo's have none).
  c = await prisma.caseStudy.findFirstOrThrow({
    where: {
      status: "published",
      deletedAt: null,
      revisionNumber: { gt: 0 },
      comments: { none: {} },
      attachments: { none: {} },
    },
    select: { id: true, slug: true, authorId: true, baseId: true },
  });
  expect(await prisma.adoption.count({ where: { followUpCaseId: c.id } })).toBe(0);
}, 180_000);

describe("the case page's reads", () => {
  it("reads no list the case has none of and resolves the slug in the case's own read", async () => {
    const { res, sql } = await view(c.slug);
    expect(res.status).toBe(200);
    expect(res.data.case.slug).toBe(c.slug);
    expect(res.data.discussion.threads).toEqual([]);
    expect(res.data.discussion.nextCursor).toBeNull();
    expect(res.data.attachments).toEqual([]);
    expect(res.data.basedOn).toEqual([]);
    for (const pattern of [COMMENT_PAGE, ATTACHMENTS, BASED_ON, SLUG_ONLY]) {
      expect(sql.filter((s) => pattern.test(s.trim()))).toEqual([]);
    }
  });

  it("a member's vote, follow and bookmark come with the case's read, and its base is not read again", async () => {
    const m = await createTestUser({ emailVerified: true });
    const cookie = await cookieFor(m.id);
    const own = [CASE_BASE, VOTED, FOLLOWS, BOOKMARKED];
    const before = await view(c.slug, cookie);
    expect(before.res.status).toBe(200);
    // A verified member without an affiliation is refused adoption, as before.
    expect(before.res.data.adoption.refusal).not.toBeNull();
    expect([before.res.data.discussion.caseVoted, before.res.data.following, before.res.data.bookmarked]).toEqual([
      false,
      false,
      false,
    ]);
    for (const pattern of own) expect(before.sql.filter((s) => pattern.test(s.trim()))).toEqual([]);

    await prisma.reaction.create({ data: { userId: m.id, targetType: "case", targetId: c.id } });
    await prisma.subscription.create({ data: { userId: m.id, targetType: "case", targetId: c.id } });
    await prisma.bookmark.create({ data: { userId: m.id, caseId: c.id } });
    // Another member's vote, follow and bookmark are not this one's.
    const other = await createTestUser({ emailVerified: true });
    const after = await view(c.slug, cookie);
    expect([after.res.data.discussion.caseVoted, after.res.data.following, after.res.data.bookmarked]).toEqual([
      true,
      true,
      true,
    ]);
    for (const pattern of own) expect(after.sql.filter((s) => pattern.test(s.trim()))).toEqual([]);
    const others = await view(c.slug, await cookieFor(other.id));
    expect([others.res.data.discussion.caseVoted, others.res.data.following, others.res.data.bookmarked]).toEqual([
      false,
      false,
      false,
    ]);
    // A reader has none of them.
    const reader = await view(c.slug);
    expect([reader.res.data.discussion.caseVoted, reader.res.data.following, reader.res.data.bookmarked]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("reads and shows each list once the case has one", async () => {
    const other = await prisma.caseStudy.findFirstOrThrow({
      where: { status: "published", deletedAt: null, id: { not: c.id }, baseId: { not: null } },
      select: { id: true, slug: true, baseId: true },
    });
    const adopter = await prisma.base.findFirstOrThrow({ where: { id: { not: other.baseId! } }, select: { id: true } });
    await prisma.comment.create({
      data: { caseId: c.id, authorId: c.authorId, body: "{}", bodyText: "a first comment" },
    });
    await prisma.attachment.create({
      data: {
        caseId: c.id,
        uploaderId: c.authorId,
        fileName: "plan.pdf",
        contentType: "application/pdf",
        size: 10,
        storageKey: "test/plan.pdf",
      },
    });
    await prisma.adoption.create({
      data: { caseId: other.id, baseId: adopter.id, userId: c.authorId, stage: "adopted", followUpCaseId: c.id },
    });
    try {
      const { res, sql } = await view(c.slug);
      expect(res.status).toBe(200);
      expect(res.data.discussion.threads).toHaveLength(1);
      expect(res.data.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(["plan.pdf"]);
      expect(res.data.basedOn.map((b: { slug: string }) => b.slug)).toEqual([other.slug]);
      for (const pattern of [COMMENT_PAGE, ATTACHMENTS, BASED_ON]) {
        expect(sql.filter((s) => pattern.test(s.trim())).length).toBeGreaterThan(0);
      }
    } finally {
      await prisma.adoption.deleteMany({ where: { followUpCaseId: c.id } });
      await prisma.attachment.deleteMany({ where: { caseId: c.id } });
      await prisma.comment.deleteMany({ where: { caseId: c.id } });
    }
  });

  it("an old slug still answers with a permanent redirect to the current one", async () => {
    await prisma.caseSlug.create({ data: { slug: `${c.slug}-old`, caseId: c.id } });
    const { res } = await view(`${c.slug}-old`);
    expect(res.status).toBe(301);
    expect(res.headers.get("Location")).toBe(`/cases/${c.slug}`);
    const missing = await view("no-such-case-slug");
    expect(missing.res.status).toBe(404);
  });
});
