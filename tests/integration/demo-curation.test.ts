// The demo curation (issue 11 point 9): seeded through the call and collection
// models on this file's own database — an open call with submissions, a decided
// call whose selected cases form a published, featured collection of 8+ typical
// cases — and a second run adds nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { seedDemoCuration } from "../../prisma/demo-curation.ts";

beforeAll(async () => {
  await seedIfEmpty({ quiet: true });
}, 300_000);

describe("demo curation", () => {
  it("has an open call with submissions and a published collection of 8+ typical cases", async () => {
    const open = await prisma.call.findFirstOrThrow({
      where: { isDemo: true, status: "open" },
      include: { submissions: true },
    });
    expect(open.deadline.getTime()).toBeGreaterThan(Date.now());
    expect(open.submissions.length).toBeGreaterThanOrEqual(3);
    const decided = await prisma.call.findFirstOrThrow({ where: { isDemo: true, status: "decided" } });
    const selected = await prisma.submission.count({ where: { callId: decided.id, status: "selected" } });
    expect(selected).toBeGreaterThanOrEqual(8);
    // Every submission was made before its call's deadline.
    const late = await prisma.submission.findMany({
      where: { callId: decided.id, createdAt: { gt: decided.deadline } },
    });
    expect(late).toEqual([]);
    const col = await prisma.collection.findFirstOrThrow({
      where: { isDemo: true, status: "published", featured: true },
      include: { items: true },
    });
    expect(col.items.length).toBeGreaterThanOrEqual(8);
    const typical = await prisma.caseStudy.count({
      where: { id: { in: col.items.map((i) => i.caseId) }, typicalAt: { not: null } },
    });
    expect(typical).toBe(col.items.length);
    expect(await prisma.auditLog.count({ where: { action: "submission.decide" } })).toBeGreaterThan(0);
    // Once only.
    expect(await seedDemoCuration({ quiet: true })).toBe(0);
    expect(await prisma.call.count({ where: { isDemo: true } })).toBe(2);
  });
});
