// Statements with a list of ids are chunked (app/utils/chunked.ts, issue 10
// point 11): a member with 5,000 unmailed notifications still gets a digest, and
// one who follows 1,200 cases, topics and bases still gets a feed.
import { describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { claimDigest } from "~/jobs/notification-mail.server.ts";
import { loadFeed } from "~/routes/feed/feed.server.ts";
import { createTestUser } from "../helpers/users.ts";

describe("lists of ids over the statement parameter limit", () => {
  it("a digest for 5,000 unmailed notifications is queued and marks all of them", { timeout: 60_000 }, async () => {
    const user = await createTestUser();
    const createdAt = new Date(Date.now() - 60_000);
    await prisma.notification.createMany({
      data: Array.from({ length: 5000 }, (_, i) => ({
        userId: user.id,
        type: "comment.onYourCase",
        data: JSON.stringify({ title: `案例 ${i}`, href: `/cases/c-${i}` }),
        createdAt,
      })),
    });
    expect(await claimDigest(user.id)).toBe(true);
    expect(await prisma.notification.count({ where: { userId: user.id, mailedAt: null } })).toBe(0);
    expect(await prisma.job.count({ where: { kind: "mail" } })).toBeGreaterThanOrEqual(1);
  });

  it("a feed for a member following 3,300 cases, topics and bases answers", { timeout: 60_000 }, async () => {
    const user = await createTestUser();
    await prisma.subscription.createMany({
      data: Array.from({ length: 3300 }, (_, i) => ({
        userId: user.id,
        targetType: ["case", "topic", "base"][i % 3]!,
        targetId: `missing-${i}`,
      })),
    });
    const feed = await loadFeed(user.id, "en");
    expect(feed).toBeTruthy();
  });
});
