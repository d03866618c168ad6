// Issue 12.9: finding a base among 578 by typing Chinese, English, pinyin or
// initials (the combobox's resource route and the no-JS search); reviewers told
// of each request (notification + mail) and shown the pending count; the
// verify-email page leads a member without a base to the request.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { createBases, type NewBase } from "~/models/base.server.ts";
import type { Industry } from "~/models/industry.ts";
import type { Province } from "~/models/province.ts";
import { headerUser } from "~/utils/header-user.server.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import * as searchRoute from "~/routes/resources.base-search/route.tsx";
import * as affiliation from "~/routes/affiliation/route.tsx";
import * as verifyRoute from "~/routes/verify-email/route.tsx";
import { callRoute } from "../helpers/route.ts";
import { cookieFor, createTestUser } from "../helpers/users.ts";

const CITIES = [
  ["温州", "Wenzhou"],
  ["义乌", "Yiwu"],
  ["顺德", "Shunde"],
  ["晋江", "Jinjiang"],
  ["东莞", "Dongguan"],
  ["苏州", "Suzhou"],
  ["宁波", "Ningbo"],
  ["青岛", "Qingdao"],
] as const;
const TRADES = [
  ["鞋帽", "Footwear and Hats"],
  ["小商品", "Small Commodities"],
  ["家电", "Home Appliances"],
  ["纺织", "Textiles"],
  ["五金", "Hardware"],
  ["陶瓷", "Ceramics"],
  ["玩具", "Toys"],
  ["食品", "Food"],
  ["家具", "Furniture"],
  ["灯饰", "Lighting"],
] as const;

async function search(q: string, locale = "zh-CN") {
  const res = await callRoute(searchRoute.loader, {
    path: `/resources/base-search?q=${encodeURIComponent(q)}`,
    headers: { "accept-language": locale },
  });
  return res.data.bases as Array<{ slug: string; name: string; otherName: string }>;
}

beforeAll(async () => {
  // 578 bases, as many as the ministry recognizes: every city × trade × batch.
  const bases: NewBase[] = [];
  for (let i = 0; bases.length < 578; i++) {
    const [cityZh, cityEn] = CITIES[i % CITIES.length]!;
    const [tradeZh, tradeEn] = TRADES[Math.floor(i / CITIES.length) % TRADES.length]!;
    const batch = Math.floor(i / (CITIES.length * TRADES.length)) + 1;
    bases.push({
      code: `GEN-${i}`,
      slug: `gen-${i}`,
      nameZh: `${cityZh}${tradeZh}第${batch}批基地`,
      nameEn: `${cityEn} ${tradeEn} Base ${batch}`,
      industry: "machinery-electrical" as Industry,
      province: "zhejiang" as Province,
      cityZh: `${cityZh}市`,
      cityEn,
    });
  }
  await createBases(prisma, bases);
});

describe("finding a base among 578", () => {
  it("by Chinese, English, full pinyin, joined pinyin and initials, at most 20, prefix matches first", async () => {
    expect(await prisma.base.count({ where: { code: { startsWith: "GEN-" } } })).toBe(578);
    const zh = await search("温州鞋帽");
    expect(zh.length).toBeGreaterThan(0);
    expect(zh.length).toBeLessThanOrEqual(20);
    expect(zh.every((b) => b.name.startsWith("温州鞋帽"))).toBe(true);
    const en = await search("wenzhou footwear", "en");
    expect(en[0]!.name).toMatch(/^Wenzhou Footwear and Hats Base/);
    const py = await search("wenzhou xiemao");
    expect(py[0]!.name).toMatch(/^温州鞋帽/);
    const joined = await search("wenzhouxiemao");
    expect(joined[0]!.name).toMatch(/^温州鞋帽/);
    const initials = await search("wzxm");
    expect(initials[0]!.name).toMatch(/^温州鞋帽/);
    expect(await search("")).toEqual([]);
    expect(await search("%")).toEqual([]);
  });

  it("answers within a few milliseconds once warm", async () => {
    await search("dg");
    const start = performance.now();
    for (let i = 0; i < 20; i++) await search(i % 2 ? "jinjiang" : "青岛玩具");
    expect((performance.now() - start) / 20).toBeLessThan(20);
  });

  it("the page without JavaScript lists the matches of ?q= to choose from", async () => {
    const u = await createTestUser();
    const res = await callRoute(affiliation.loader, { path: "/affiliation?q=sdjd", cookie: await cookieFor(u.id) });
    expect(res.data.results[0].name).toMatch(/^顺德家电/);
  });
});

describe("reviewers are told", () => {
  it("each new request notifies and mails every reviewer in their language; the header shows the pending count", async () => {
    const moderator = await createTestUser();
    await prisma.user.update({ where: { id: moderator.id }, data: { role: "moderator", locale: "en" } });
    const before = await prisma.affiliationRequest.count({ where: { status: "pending" } });
    const m = await createTestUser({ displayName: "新成员" });
    const res = await callRoute(affiliation.action, {
      path: "/affiliation",
      cookie: await cookieFor(m.id),
      form: { base: "gen-0", message: "我是基地办公室主任" },
    });
    expect(res.status).toBe(302);
    const note = await prisma.notification.findFirstOrThrow({
      where: { userId: moderator.id, type: "onboarding.affiliationRequested" },
    });
    expect(JSON.parse(note.data)).toMatchObject({ member: "新成员", href: "/admin/affiliations" });
    const mail = await prisma.job.findFirstOrThrow({ where: { kind: "mail", payload: { contains: moderator.email } } });
    expect(JSON.parse(mail.payload).subject).toBe("New affiliation request for Wenzhou Footwear and Hats Base 1");
    // The requester is not told about their own request.
    expect(await prisma.notification.count({ where: { userId: m.id, type: "onboarding.affiliationRequested" } })).toBe(
      0,
    );

    const asHeader = (id: string, role: string) =>
      headerUser({
        id,
        role,
        username: "x",
        displayName: "x",
        emailVerified: true,
        baseVerified: false,
      } as SessionUser);
    expect((await asHeader(moderator.id, "moderator")).pendingAffiliations).toBe(before + 1);
    expect((await asHeader(m.id, "member")).pendingAffiliations).toBe(0);
  });
});

describe("after verifying the email", () => {
  it("a member without a base is told publishing needs an affiliation and led to the request", async () => {
    const u = await createTestUser();
    const res = await callRoute(verifyRoute.loader, { path: "/verify-email", cookie: await cookieFor(u.id) });
    expect(res.data.state).toBe("already");
    expect(res.data.needsAffiliation).toBe(true);
    await prisma.user.update({
      where: { id: u.id },
      data: { baseId: (await prisma.base.findFirstOrThrow()).id, baseVerifiedAt: new Date() },
    });
    const after = await callRoute(verifyRoute.loader, { path: "/verify-email", cookie: await cookieFor(u.id) });
    expect(after.data.needsAffiliation).toBe(false);
  });
});
