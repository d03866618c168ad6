// Two real server processes sharing one SQLite database, written to at once
// through real HTTP (session cookie, the Origin header the server requires),
// half of the requests to each process. Helpful votes: 50 members vote on one
// case and one comment at once, as a plain form post and as the page's fetcher
// posts it; the stored counts must equal the vote rows and the expected totals,
// also when members take votes back, and when a member's vote and unvote race
// each other. Comments: 30 members post at once; every one is stored and counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase } from "~/models/case.server.ts";
import { createComment } from "~/models/comment.server.ts";
import { startAppServers, type AppServer } from "../helpers/app-servers.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const VOTERS = 50;

let servers: AppServer[] = [];
let stopServers: () => Promise<void> = async () => {};
let slug = "";
let caseId = "";
let commentId = "";
let voters: Array<{ id: string; cookie: string }> = [];

/**
 * One vote as a browser sends it: `fetcher` posts like the page's vote button
 * with JavaScript (the single-fetch `.data` address, js=1, an answer with data),
 * `form` like the same button without it (a redirect back to the page).
 */
async function vote(
  server: AppServer,
  cookie: string,
  target: { type: "case" } | { type: "comment"; id: string },
  how: "fetcher" | "form",
) {
  const body = new URLSearchParams({ intent: "vote", targetType: target.type });
  if (target.type === "comment") body.set("targetId", target.id);
  if (how === "fetcher") body.set("js", "1");
  const res = await fetch(`${server.origin}/cases/${slug}${how === "fetcher" ? ".data" : ""}`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { Cookie: cookie, Origin: server.origin, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const text = await res.text();
  return { status: res.status, location: res.headers.get("location"), text };
}

/** The first errors the servers logged, for a failure's message. */
function serverErrors(): string {
  return servers
    .flatMap((s) => s.lines)
    .filter((l) => /"level":(50|60)/.test(l))
    .slice(0, 2)
    .join("\n");
}

async function counts() {
  const [c, cm, caseRows, commentRows] = await Promise.all([
    prisma.caseStudy.findUniqueOrThrow({ where: { id: caseId }, select: { helpfulCount: true } }),
    prisma.comment.findUniqueOrThrow({ where: { id: commentId }, select: { helpfulCount: true } }),
    prisma.reaction.count({ where: { targetType: "case", targetId: caseId } }),
    prisma.reaction.count({ where: { targetType: "comment", targetId: commentId } }),
  ]);
  return { caseCount: c.helpfulCount, caseRows, commentCount: cm.helpfulCount, commentRows };
}

beforeAll(async () => {
  // The servers compile the app while the members are being made.
  const started = startAppServers(2);
  const base = await prisma.base.create({
    data: {
      code: "T-yiwu",
      slug: "yiwu",
      nameZh: "义乌小商品基地",
      nameEn: "Yiwu Small Commodities Base",
      industry: "hardware-building-materials",
      province: "zhejiang",
      cityZh: "义乌",
      cityEn: "Yiwu",
    },
    select: { id: true },
  });
  const author = await createTestUser({ displayName: "案例作者" });
  const writer = await createTestUser({ displayName: "评论者" });
  await prisma.user.update({ where: { id: author.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
  const content = { ...emptyContent(), title: "并发投票", summary: "summary", baseId: base.id };
  const draft = await createDraft(author.id, crypto.randomUUID(), content);
  const published = await publishCase(
    draft.id,
    { id: author.id, role: "member", baseId: base.id, baseVerified: true, emailVerified: true },
    content,
    {
      expectedVersion: draft.draftVersion,
    },
  );
  slug = published.slug;
  caseId = draft.id;
  const comment = await createComment({
    caseId,
    actor: {
      id: writer.id,
      role: "member",
      emailVerified: true,
      createdAt: new Date(Date.now() - 3 * 86_400_000),
      displayName: "评论者",
      username: writer.username,
    },
    doc: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "两个进程" }] }] },
  });
  commentId = comment.id;
  // Signed in through sessions, never with a password: no hashing, so the CPU goes to the servers' start.
  const tag = Date.now().toString(36);
  await prisma.user.createMany({
    data: Array.from({ length: VOTERS }, (_, i) => ({
      email: `voter-${tag}-${i}@example.cn`,
      username: `voter_${tag}_${i}`,
      displayName: `投票人 ${i}`,
      passwordHash: "!",
      emailVerifiedAt: new Date(),
    })),
  });
  const users = await prisma.user.findMany({
    where: { username: { startsWith: `voter_${tag}_` } },
    orderBy: { username: "asc" },
    select: { id: true },
  });
  voters = await Promise.all(users.map(async (u) => ({ id: u.id, cookie: await cookieFor(u.id) })));
  ({ servers, stop: stopServers } = await started);
}, 120_000);

afterAll(async () => {
  await stopServers();
});

describe("helpful votes at two server processes", () => {
  it("50 members vote on a case and a comment at once: every vote counts once", async () => {
    const results = await Promise.all(
      voters.flatMap((v, i) => {
        const server = servers[i % 2]!;
        const how = i % 4 < 2 ? "fetcher" : "form";
        return [
          vote(server, v.cookie, { type: "comment", id: commentId }, how),
          vote(servers[(i + 1) % 2]!, v.cookie, { type: "case" }, how),
        ];
      }),
    );
    const statuses = results.map((r) => r.status);
    expect(
      statuses.filter((s) => s !== 200 && s !== 302),
      serverErrors(),
    ).toEqual([]);
    // Without JavaScript the answer goes back to the page (the comment's place for a comment vote).
    expect(results.find((r) => r.status === 302)?.location).toMatch(
      new RegExp(`^/cases/${slug}(\\?comment=|#comments)`),
    );
    expect(await counts()).toEqual({ caseCount: VOTERS, caseRows: VOTERS, commentCount: VOTERS, commentRows: VOTERS });
  });

  it("half take their votes back while the other half vote again: counts follow the rows", async () => {
    // Everyone has voted (previous test). The first half toggles off; the second
    // half's toggles happen twice, at once, so each of them ends where it started.
    const half = VOTERS / 2;
    const requests = voters.flatMap((v, i) => {
      const a = servers[i % 2]!;
      const b = servers[(i + 1) % 2]!;
      if (i < half)
        return [
          vote(a, v.cookie, { type: "comment", id: commentId }, "fetcher"),
          vote(b, v.cookie, { type: "case" }, "form"),
        ];
      return [
        vote(a, v.cookie, { type: "comment", id: commentId }, "fetcher"),
        vote(b, v.cookie, { type: "comment", id: commentId }, "form"),
      ];
    });
    const results = await Promise.all(requests);
    expect(
      results.filter((r) => r.status !== 200 && r.status !== 302).map((r) => r.status),
      serverErrors(),
    ).toEqual([]);
    expect(await counts()).toEqual({
      caseCount: VOTERS - half,
      caseRows: VOTERS - half,
      commentCount: VOTERS - half,
      commentRows: VOTERS - half,
    });
    const left = await prisma.reaction.findMany({
      where: { targetType: "comment", targetId: commentId },
      select: { userId: true },
    });
    expect(new Set(left.map((r) => r.userId))).toEqual(new Set(voters.slice(half).map((v) => v.id)));
  });

  it("the servers refuse a vote without the page's Origin, and a vote for a comment that does not exist", async () => {
    const [a] = servers;
    const res = await fetch(`${a!.origin}/cases/${slug}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "vote", targetType: "case" }),
      headers: { Cookie: voters[0]!.cookie, Origin: "http://evil.example" },
      redirect: "manual",
    });
    expect(res.status).toBe(403);
    await res.arrayBuffer();
    const before = await counts();
    expect(before.caseCount).toBe(before.caseRows);
    expect((await vote(a!, voters[0]!.cookie, { type: "comment", id: "no-such-comment" }, "fetcher")).status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe("comments at two server processes", () => {
  it("30 members post at once, as comments and replies: every one is stored and counted", async () => {
    const posters = voters.slice(0, 30);
    const results = await Promise.all(
      posters.map(async (v, i) => {
        const server = servers[i % 2]!;
        const body = new URLSearchParams({
          intent: "comment",
          text: `同时发表的评论 ${i}`,
          ...(i % 3 === 0 ? { parentId: commentId } : {}),
        });
        const res = await fetch(`${server.origin}/cases/${slug}`, {
          method: "POST",
          body,
          redirect: "manual",
          headers: { Cookie: v.cookie, Origin: server.origin },
        });
        await res.arrayBuffer();
        return res.status;
      }),
    );
    expect(
      results.filter((s) => s !== 302),
      serverErrors(),
    ).toEqual([]);
    const stored = await prisma.comment.count({ where: { caseId, bodyText: { startsWith: "同时发表的评论" } } });
    expect(stored).toBe(posters.length);
    const c = await prisma.caseStudy.findUniqueOrThrow({ where: { id: caseId }, select: { commentCount: true } });
    expect(c.commentCount).toBe(await prisma.comment.count({ where: { caseId, deletedAt: null, hiddenAt: null } }));
    expect(c.commentCount).toBe(posters.length + 1);
  });
});
