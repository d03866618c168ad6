// Demo adoptions and search demand (issue 11 point 9), clearly demo: four demo
// members of bases in four provinces (affiliated through the affiliation model,
// approved by the demo moderator) record that their bases consider, pilot or have
// adopted practices from the demo cases of other bases — through recordAdoption,
// the form's own path, so counts, notifications (one fan-out job each) and search
// documents follow as for people. Then a month of search demand, marked isDemo.
// Runs once: skipped when any demo adoption exists.
//
// Relative imports: this file also runs under plain `tsx` from the Prisma CLI.
import crypto from "node:crypto";
import { prisma } from "../app/utils/db.server.ts";
import { createUser } from "../app/models/user.server.ts";
import { approveAffiliation, requestAffiliation } from "../app/models/affiliation.server.ts";
import { recordAdoption, type AdoptionActor } from "../app/models/adoption.server.ts";
import type { AdoptionStage } from "../app/models/adoption-input.ts";
import { recordDemoDemand, shanghaiDay } from "../app/models/search-log.server.ts";

interface DemoAdopter {
  username: string;
  displayName: string;
  base: string;
  message: string;
}

const ADOPTERS: DemoAdopter[] = [
  {
    username: "demo-adopter-sichuan",
    displayName: "陈静（演示）",
    base: "sichuan-zigong-lanterns",
    message: "基地服务中心科长，负责企业培训和公共服务。（演示）",
  },
  {
    username: "demo-adopter-henan",
    displayName: "刘洋（演示）",
    base: "henan-xuchang-hair-products",
    message: "负责基地跨境电商和海外仓对接。（演示）",
  },
  {
    username: "demo-adopter-fujian",
    displayName: "林晓（演示）",
    base: "fujian-dehua-ceramics",
    message: "基地品牌推广负责人。（演示）",
  },
  {
    username: "demo-adopter-shandong",
    displayName: "Zhao Min (demo)",
    base: "shandong-shouguang-vegetables",
    message: "International marketing at the base's service centre. (demo)",
  },
];

const NOTES: Record<AdoptionStage, string[]> = {
  considering: [
    "正在与园区企业座谈，评估这一做法在本基地的适用性。（演示）",
    "已组织考察，计划明年纳入基地工作要点。（演示）",
  ],
  piloting: [
    "在五家骨干企业中试点，公共服务平台承担前期投入。（演示）",
    "先在一个产业园区试行，三个月后评估。（演示）",
  ],
  adopted: ["已纳入基地年度工作，覆盖全部规上出口企业。（演示）", "参照该案例建立了常态化机制，效果明显。（演示）"],
};

const DEMO_QUERIES: Array<[query: string, locale: "zh-CN" | "en", perDay: number, zeroShare: number]> = [
  ["跨境电商", "zh-CN", 14, 0],
  ["海外仓", "zh-CN", 11, 0],
  ["品牌建设", "zh-CN", 8, 0],
  ["数字化转型", "zh-CN", 7, 0],
  ["市场采购贸易", "zh-CN", 5, 0],
  ["RCEP 原产地", "zh-CN", 4, 1],
  ["碳足迹认证", "zh-CN", 3, 1],
  ["出口信用保险", "zh-CN", 3, 0.5],
  ["cross-border e-commerce", "en", 4, 0],
  ["overseas warehouse", "en", 3, 0],
  ["carbon border adjustment", "en", 2, 1],
];

function hash(s: string): number {
  return crypto.createHash("sha256").update(s).digest().readUInt32BE(0);
}

async function demoAdopter(a: DemoAdopter, moderatorId: string): Promise<AdoptionActor | null> {
  const base = await prisma.base.findFirst({
    where: { slug: { startsWith: a.base }, isDemo: true },
    select: { slug: true },
    orderBy: { slug: "asc" },
  });
  if (!base) return null;
  let user = await prisma.user.findUnique({ where: { username: a.username }, select: { id: true } });
  if (!user) {
    user = await createUser({
      email: `${a.username}@demo.example`,
      username: a.username,
      displayName: a.displayName,
      password: crypto.randomBytes(18).toString("base64url"),
      emailVerified: true,
      isDemo: true,
    });
    const req = await requestAffiliation(user.id, { baseSlug: base.slug, message: a.message });
    if (req.ok) await approveAffiliation({ id: moderatorId }, req.id, { note: "Demo data" });
  }
  const u = await prisma.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { id: true, role: true, baseId: true, baseVerifiedAt: true, displayName: true, username: true },
  });
  if (!u.baseId || !u.baseVerifiedAt) return null;
  return { ...u, emailVerified: true, baseVerified: true };
}

/** Seeds the demo adoptions and search demand once. Returns how many adoptions it recorded. */
export async function seedDemoAdoptions(opts: { quiet?: boolean; now?: Date } = {}): Promise<number> {
  if ((await prisma.adoption.count({ where: { isDemo: true } })) > 0) return 0;
  const moderator = await prisma.user.findUnique({ where: { username: "demo-moderator" }, select: { id: true } });
  if (!moderator) return 0;
  const now = opts.now ?? new Date();
  const cases = await prisma.caseStudy.findMany({
    where: { isDemo: true, status: "published", deletedAt: null },
    select: { id: true, baseId: true, publishedAt: true },
    orderBy: { publishedAt: "asc" },
  });
  let recorded = 0;
  for (const a of ADOPTERS) {
    const actor = await demoAdopter(a, moderator.id);
    if (!actor) continue;
    // Three or four cases of other bases each, chosen the same way on every run.
    const others = cases
      .filter((c) => c.baseId !== actor.baseId)
      .sort((x, y) => hash(`${a.username}:${x.id}`) - hash(`${a.username}:${y.id}`))
      .slice(0, 3 + (hash(a.username) % 2));
    for (const [i, c] of others.entries()) {
      const stage = (["considering", "piloting", "adopted"] as const)[(hash(`${a.username}${i}`) + i) % 3]!;
      const notes = NOTES[stage];
      const adopted = stage === "adopted";
      // Spread over the months since the case was published (the dashboard's charts).
      const since = c.publishedAt ?? now;
      const at = new Date(since.getTime() + ((hash(`${c.id}${i}`) % 90) + 5) * 86_400_000);
      await recordAdoption({
        caseId: c.id,
        actor,
        isDemo: true,
        now: at < now ? at : now,
        input: {
          stage,
          note: notes[hash(c.id) % notes.length]!,
          outcome: adopted ? "企业平均接单周期缩短，新增出口客户明显增加。（演示）" : "",
          metrics: adopted
            ? [{ label: "平均接单周期", before: "21", after: "12", unit: "天", source: "基地统计（演示）" }]
            : [],
          followUpCaseId: null,
        },
      });
      recorded += 1;
    }
  }

  // A month of search demand, as the search log would have counted it.
  const rows = [];
  for (let d = 1; d <= 30; d++) {
    const day = shanghaiDay(new Date(now.getTime() - d * 86_400_000));
    for (const [query, locale, perDay, zeroShare] of DEMO_QUERIES) {
      const searches = Math.max(1, perDay + (hash(`${day}${query}`) % 5) - 2);
      rows.push({ day, query, locale, searches, zeroResults: Math.round(searches * zeroShare) });
    }
  }
  await recordDemoDemand(rows);
  if (!opts.quiet) console.log(`Demo adoptions recorded: ${recorded}; demo search demand: ${rows.length} rows.`);
  return recorded;
}
