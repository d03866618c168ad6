// The base directory and base pages through the route modules.
import { beforeAll, describe, expect, it } from "vitest";
import * as directory from "~/routes/bases._index/route.tsx";
import * as basePage from "~/routes/bases.$slug/route.tsx";
import { prisma } from "~/utils/db.server.ts";
import { createBases, type NewBase } from "~/models/base.server.ts";
import { INDUSTRIES } from "~/models/industry.ts";
import { seedIfEmpty } from "../../prisma/seed.ts";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

type Card = { slug: string; industry: string; province: string };

beforeAll(async () => {
  // 30 textile bases in Jiangsu, 5 medicine bases in Hebei, 1 medicine base in Jiangsu.
  const rows: NewBase[] = [];
  const make = (i: number, industry: NewBase["industry"], province: NewBase["province"]): NewBase => ({
    code: `T-dir-${province}-${industry}-${i}`,
    slug: `dir-${province}-${industry}-${String(i).padStart(2, "0")}`,
    nameZh: `目录测试基地${i}`,
    nameEn: `Directory Test Base ${i}`,
    industry,
    province,
    cityZh: "某市",
    cityEn: "Some City",
    descriptionZh: "中文介绍",
    descriptionEn: "English description",
  });
  for (let i = 0; i < 30; i++) rows.push(make(i, "textile-clothing", "jiangsu"));
  for (let i = 0; i < 5; i++) rows.push(make(i, "medicine", "hebei"));
  rows.push(make(0, "medicine", "jiangsu"));
  await createBases(prisma, rows);
});

async function list(query: string) {
  const res = await callRoute(directory.loader, { path: `/bases${query}`, params: {} });
  expect(res.status).toBe(200);
  return res.data as {
    bases: Card[];
    total: number;
    page: number;
    pages: number;
    industry: string | null;
    province: string | null;
  };
}

describe("base directory", () => {
  it("pages 24 at a time with the total count", async () => {
    const first = await list("");
    expect(first.total).toBe(36);
    expect(first.bases).toHaveLength(24);
    expect(first.pages).toBe(2);
    const second = await list("?page=2");
    expect(second.bases).toHaveLength(12);
    expect(new Set([...first.bases, ...second.bases].map((b) => b.slug)).size).toBe(36);
    expect((await list("?page=abc")).page).toBe(1);
  });

  it("filters by industry, by province and by both", async () => {
    const medicine = await list("?industry=medicine");
    expect(medicine.total).toBe(6);
    expect(medicine.bases.every((b) => b.industry === "medicine")).toBe(true);
    const jiangsu = await list("?province=jiangsu");
    expect(jiangsu.total).toBe(31);
    expect(jiangsu.bases.every((b) => b.province === "jiangsu")).toBe(true);
    const both = await list("?industry=medicine&province=jiangsu");
    expect(both.total).toBe(1);
    expect(both.bases[0]!.slug).toBe("dir-jiangsu-medicine-00");
    // Counts beside each option, each within the other filter.
    const facets = (
      both as unknown as { facets: { industries: Record<string, number>; provinces: Record<string, number> } }
    ).facets;
    expect(facets.industries).toEqual({ medicine: 1, "textile-clothing": 30 });
    expect(facets.provinces).toEqual({ hebei: 5, jiangsu: 1 });
    const none = await list("?industry=agricultural");
    expect(none.total).toBe(0);
    expect(none.bases).toEqual([]);
  });

  it("ignores unknown filter values", async () => {
    const res = await list("?industry=weapons&province=atlantis");
    expect(res).toMatchObject({ industry: null, province: null, total: 36 });
  });
});

describe("base page", () => {
  it("shows the base with its verified, not suspended members only", async () => {
    const base = await prisma.base.findUniqueOrThrow({ where: { slug: "dir-hebei-medicine-00" } });
    const verified = await createTestUser({ displayName: "Verified Member" });
    const unverified = await createTestUser();
    const suspended = await createTestUser();
    await prisma.user.update({ where: { id: verified.id }, data: { baseId: base.id, baseVerifiedAt: new Date() } });
    await prisma.user.update({ where: { id: unverified.id }, data: { baseId: base.id } });
    await prisma.user.update({
      where: { id: suspended.id },
      data: { baseId: base.id, baseVerifiedAt: new Date(), suspendedAt: new Date(), suspendedReason: "x" },
    });
    const res = await callRoute(basePage.loader, { path: `/bases/${base.slug}`, params: { slug: base.slug } });
    expect(res.status).toBe(200);
    expect(res.data.base).toMatchObject({
      slug: base.slug,
      nameZh: "目录测试基地0",
      descriptionEn: "English description",
    });
    expect(res.data.base.members.map((m: { displayName: string }) => m.displayName)).toEqual(["Verified Member"]);
    expect(res.data.base.members[0].email).toBeUndefined();
    expect(res.data.viewer).toEqual({ signedIn: false, affiliatedHere: false, following: false });

    const mine = await callRoute(basePage.loader, {
      path: `/bases/${base.slug}`,
      params: { slug: base.slug },
      cookie: await cookieFor(verified.id),
    });
    expect(mine.data.viewer).toEqual({ signedIn: true, affiliatedHere: true, following: false });
    const en = await callRoute(basePage.loader, { path: `/bases/${base.slug}?lang=en`, params: { slug: base.slug } });
    expect(en.data.meta.title).toContain("Directory Test Base 0");
  });

  it("answers 404 in the page's language for an unknown slug", async () => {
    const zh = await callRoute(basePage.loader, { path: "/bases/no-such-base", params: { slug: "no-such-base" } });
    expect(zh.status).toBe(404);
    expect(zh.data.message).toBe("该地址没有对应的基地。");
    const en = await callRoute(basePage.loader, {
      path: "/bases/no-such-base?lang=en",
      params: { slug: "no-such-base" },
    });
    expect(en.status).toBe(404);
    expect(en.data.message).toBe("There is no base at this address.");
    const odd = await callRoute(basePage.loader, { path: "/bases/%3Cx%3E", params: { slug: "<x>" } });
    expect(odd.status).toBe(404);
  });
});

describe("demo seed", () => {
  it("does nothing when the database already has bases", async () => {
    const before = await prisma.base.count();
    expect(await seedIfEmpty({ quiet: true })).toBe(false);
    expect(await prisma.base.count()).toBe(before);
  });

  // Generous timeout: the seed also writes the demo case studies (with images).
  it(
    "seeds an empty database once: bases in all industries, demo accounts of each kind",
    { timeout: 180_000 },
    async () => {
      await prisma.user.updateMany({ data: { baseId: null } });
      await prisma.affiliationRequest.deleteMany();
      await prisma.base.deleteMany();
      expect(await seedIfEmpty({ quiet: true })).toBe(true);
      const bases = await prisma.base.findMany({
        select: { industry: true, province: true, isDemo: true, nameZh: true, nameEn: true },
      });
      expect(bases.length).toBeGreaterThanOrEqual(40);
      expect(new Set(bases.map((b) => b.industry))).toEqual(new Set(INDUSTRIES));
      expect(new Set(bases.map((b) => b.province)).size).toBeGreaterThanOrEqual(20);
      expect(
        bases.every(
          (b) => b.isDemo && b.nameZh.endsWith("国家外贸转型升级基地") && b.nameEn.includes("National Foreign Trade"),
        ),
      ).toBe(true);
      const demo = await prisma.user.findMany({
        where: { isDemo: true },
        select: {
          role: true,
          username: true,
          emailVerifiedAt: true,
          baseVerifiedAt: true,
          affiliationRequests: { select: { status: true } },
        },
      });
      // The accounts printed for trying the app, plus the demo adopters (prisma/demo-adoptions.ts).
      const adopters = demo.filter((u) => u.username.startsWith("demo-adopter-"));
      expect(adopters).toHaveLength(4);
      expect(adopters.every((u) => u.baseVerifiedAt !== null)).toBe(true);
      expect(await prisma.adoption.count({ where: { isDemo: true } })).toBeGreaterThanOrEqual(8);
      // The curation demo (prisma/demo-curation.ts): a ministry account and the members who submitted to its calls.
      const submitters = demo.filter((u) => u.username.startsWith("demo-submitter-"));
      expect(submitters.length).toBeGreaterThan(0);
      expect(submitters.every((u) => u.role === "member" && u.baseVerifiedAt !== null)).toBe(true);
      expect(
        demo
          .filter((u) => !adopters.includes(u) && !submitters.includes(u))
          .map((u) => u.role)
          .sort(),
      ).toEqual(["admin", "member", "member", "member", "ministry", "moderator"]);
      expect(demo.some((u) => u.emailVerifiedAt === null)).toBe(true);
      expect(demo.some((u) => u.baseVerifiedAt !== null)).toBe(true);
      expect(demo.some((u) => u.affiliationRequests.some((r) => r.status === "pending"))).toBe(true);
      expect(await seedIfEmpty({ quiet: true })).toBe(false);
    },
  );
});
