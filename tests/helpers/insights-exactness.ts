// The dashboard's adoption figures against a direct count of Adoption rows, through
// the rollup's life (ADR 053): before any rollup, after the job, after writes that
// touch rolled-up days (a stage change, a withdrawal, a hidden case) and today's
// writes, and after the job again; each time for ranges whose edges cut Beijing
// days. Shared by the SQLite test (in process) and the PostgreSQL one (imported
// after DATABASE_URL names the throwaway cluster).
import { prisma } from "~/utils/db.server.ts";
import { emptyContent } from "~/models/case-content.ts";
import { createDraft, publishCase, setCaseHidden } from "~/models/case.server.ts";
import { recordAdoption, removeAdoption, type AdoptionActor } from "~/models/adoption.server.ts";
import { loadInsights, rangeBounds, topAdopted, type InsightsRange } from "~/models/insights.server.ts";
import { beijingToday } from "~/models/insights-range.ts";
import { INSIGHTS_ROLLUP_JOB, rollUpAdoptionDays } from "~/models/insights-rollup.server.ts";
import { createTestBase } from "./bases.ts";
import { createTestUser } from "./users.ts";

const DAY_MS = 86_400_000;
const dayBefore = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
/** An instant given as a Beijing day and time. */
const beijing = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);

async function member(baseId: string | null, role = "member"): Promise<AdoptionActor> {
  const u = await createTestUser({ role: role as "member" });
  await prisma.user.update({
    where: { id: u.id },
    data: { createdAt: new Date(Date.now() - 30 * DAY_MS), ...(baseId ? { baseId, baseVerifiedAt: new Date() } : {}) },
  });
  const row = await prisma.user.findUniqueOrThrow({ where: { id: u.id } });
  return {
    id: u.id,
    role: role as "member",
    emailVerified: true,
    baseId,
    baseVerified: Boolean(baseId),
    displayName: row.displayName,
    username: row.username,
  };
}

async function publish(author: AdoptionActor, title: string) {
  const actor = { id: author.id, role: "member", baseId: author.baseId, baseVerified: true, emailVerified: true };
  const content = { ...emptyContent(), title, summary: "s", baseId: author.baseId, stage: "pilot" as const };
  const d = await createDraft(author.id, crypto.randomUUID(), content);
  await publishCase(d.id, actor, content, { expectedVersion: d.draftVersion });
  return d.id;
}

const input = (stage: "considering" | "piloting" | "adopted") => ({
  stage,
  note: "",
  outcome: "",
  metrics: [],
  followUpCaseId: null,
});

type Spread = { key: string; adoptions: number; crossing: number; adopted: number };
const sortSpread = (rows: Spread[]) =>
  rows.sort((x, y) => y.adoptions - x.adoptions || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));

/** What the dashboard should show, counted from Adoption rows one by one. */
async function directCount(range: InsightsRange) {
  const [from, to] = rangeBounds(range).map((s) => new Date(s)) as [Date, Date];
  const rows = await prisma.adoption.findMany({
    where: { createdAt: { gte: from, lt: to }, case: { status: "published", deletedAt: null } },
    select: {
      stage: true,
      adopterProvince: true,
      adopterIndustry: true,
      sourceProvince: true,
      sourceIndustry: true,
      case: { select: { slug: true } },
    },
  });
  const province = new Map<string, Spread>();
  const industry = new Map<string, Spread>();
  const cases = new Map<string, { slug: string; adoptions: number; adopted: number }>();
  const stages = { considering: 0, piloting: 0, adopted: 0 } as Record<string, number>;
  for (const r of rows) {
    stages[r.stage] = (stages[r.stage] ?? 0) + 1;
    const adopted = r.stage === "adopted" ? 1 : 0;
    for (const [map, key, crossing] of [
      [province, r.adopterProvince, r.sourceProvince !== r.adopterProvince],
      [industry, r.adopterIndustry, r.sourceIndustry !== r.adopterIndustry],
    ] as const) {
      const s = map.get(key) ?? { key, adoptions: 0, crossing: 0, adopted: 0 };
      s.adoptions += 1;
      s.crossing += crossing ? 1 : 0;
      s.adopted += adopted;
      map.set(key, s);
    }
    const c = cases.get(r.case.slug) ?? { slug: r.case.slug, adoptions: 0, adopted: 0 };
    c.adoptions += 1;
    c.adopted += adopted;
    cases.set(r.case.slug, c);
  }
  return {
    total: rows.length,
    byStage: (["considering", "piloting", "adopted"] as const).map((stage) => ({ stage, adoptions: stages[stage]! })),
    byProvince: sortSpread([...province.values()]),
    byIndustry: sortSpread([...industry.values()]),
    top: [...cases.values()].sort((a, b) => b.adoptions - a.adoptions || (a.slug < b.slug ? -1 : 1)).slice(0, 20),
  };
}

export interface Comparison {
  label: string;
  range: InsightsRange;
  dashboard: Awaited<ReturnType<typeof directCount>>;
  direct: Awaited<ReturnType<typeof directCount>>;
  /** The most adopted cases through the adoptionCount bound (the path large ranges take). */
  bounded: Array<{ slug: string; adoptions: number; adopted: number }>;
}

async function compare(label: string, range: InsightsRange): Promise<Comparison> {
  const ins = await loadInsights(range);
  const a = ins.adoptions;
  const [from, to] = rangeBounds(range);
  const strip = (t: Array<{ slug: string; adoptions: number; adopted: number }>) =>
    t.map(({ slug, adoptions, adopted }) => ({ slug, adoptions, adopted }));
  return {
    label,
    range,
    dashboard: {
      total: a.total,
      byStage: a.byStage,
      byProvince: a.byProvince,
      byIndustry: a.byIndustry,
      top: strip(a.top),
    },
    direct: await directCount(range),
    bounded: strip(await topAdopted({ from, to }, a.total, true)),
  };
}

export interface ScenarioResult {
  comparisons: Comparison[];
  /** Days with a rollup after the first job run. */
  rolledDays: string[];
  /** Rollup jobs queued: by the dashboard (no rollup yet), then by the writes to rolled-up days. */
  jobsQueuedByDashboard: number;
  jobsQueuedByWrites: Array<{ days?: string[] }>;
  /** The dashboard's total with one rolled-up day's row raised by 100 (proves it reads the rollup). */
  tamperedTotal: { before: number; after: number };
}

export async function runExactnessScenario(): Promise<ScenarioResult> {
  const today = beijingToday();
  const [d1, d2, d3] = [dayBefore(today, 1), dayBefore(today, 2), dayBefore(today, 3)];
  const zj = await createTestBase({ province: "zhejiang", industry: "textile-clothing" });
  const sc = await createTestBase({ province: "sichuan", industry: "agricultural" });
  const zj2 = await createTestBase({ province: "zhejiang", industry: "hardware-building" });
  const gd = await createTestBase({ province: "guangdong", industry: "agricultural" });
  const [a, b, c, g] = [await member(zj.id), await member(sc.id), await member(zj2.id), await member(gd.id)];
  const case1 = await publish(a, "精确案例一");
  const case2 = await publish(b, "精确案例二");
  const hidden = await publish(a, "精确案例将隐藏");
  // Backdated records: 23:30 and 00:10 Beijing time sit on either side of a day's edge.
  await recordAdoption({ caseId: case1, actor: b, input: input("adopted"), now: beijing(d3, "23:30") });
  await recordAdoption({ caseId: case1, actor: c, input: input("piloting"), now: beijing(d2, "00:10") });
  await recordAdoption({ caseId: case2, actor: g, input: input("considering"), now: beijing(d2, "12:00") });
  await recordAdoption({ caseId: hidden, actor: b, input: input("considering"), now: beijing(d1, "09:00") });
  await recordAdoption({ caseId: case2, actor: a, input: input("piloting") }); // today

  const ranges: Array<[string, InsightsRange]> = [
    ["a year", { from: dayBefore(today, 364), to: today }],
    ["from the day after 23:30", { from: d2, to: today }],
    ["past days only", { from: d3, to: d2 }],
    ["today only", { from: today, to: today }],
  ];
  const comparisons: Comparison[] = [];
  const all = async (phase: string) => {
    for (const [name, range] of ranges) comparisons.push(await compare(`${phase}: ${name}`, range));
  };

  await prisma.job.deleteMany({ where: { kind: INSIGHTS_ROLLUP_JOB } });
  await all("no rollup yet");
  const jobsQueuedByDashboard = await prisma.job.count({ where: { kind: INSIGHTS_ROLLUP_JOB } });
  await prisma.job.deleteMany({ where: { kind: INSIGHTS_ROLLUP_JOB } });

  await rollUpAdoptionDays();
  const rolledDays = (
    await prisma.insightsAdoptionDay.findMany({ where: { dim: "day" }, select: { day: true }, orderBy: { day: "asc" } })
  ).map((r) => r.day);
  await all("rolled up");

  // Writes that touch rolled-up days, and one of today.
  await recordAdoption({ caseId: case1, actor: c, input: input("adopted") }); // stage change of d2's adoption
  await removeAdoption(case1, b); // d3's adoption withdrawn
  const mod = await member(null, "moderator");
  await setCaseHidden(hidden, mod as never, true, "test"); // d1's adoption no longer counts
  await recordAdoption({ caseId: case1, actor: g, input: input("considering") }); // today
  const jobsQueuedByWrites = (
    await prisma.job.findMany({ where: { kind: INSIGHTS_ROLLUP_JOB }, orderBy: { createdAt: "asc" } })
  ).map((j) => JSON.parse(j.payload) as { days?: string[] });
  await all("after writes");

  await rollUpAdoptionDays();
  await all("rolled up again");

  const before = (await loadInsights(ranges[0]![1])).adoptions.total;
  await prisma.insightsAdoptionDay.update({
    where: { day_dim_bucket: { day: d2, dim: "day", bucket: "" } },
    data: { adoptions: { increment: 100 } },
  });
  const after = (await loadInsights(ranges[0]![1])).adoptions.total;
  await prisma.insightsAdoptionDay.update({
    where: { day_dim_bucket: { day: d2, dim: "day", bucket: "" } },
    data: { adoptions: { decrement: 100 } },
  });
  return { comparisons, rolledDays, jobsQueuedByDashboard, jobsQueuedByWrites, tamperedTotal: { before, after } };
}

/** The expectations both databases must meet (vitest's expect is passed in). */
export function checkExactness(
  r: ScenarioResult,
  expect: (v: unknown, m?: string) => { toEqual(x: unknown): void; toBe(x: unknown): void },
): void {
  const today = beijingToday();
  for (const c of r.comparisons) {
    expect(c.dashboard, c.label).toEqual(c.direct);
    expect(c.bounded, `${c.label} (adoptionCount bound)`).toEqual(c.direct.top);
  }
  // The checks are not vacuous: the year holds adoptions, and the day edge splits them.
  expect(r.comparisons.find((c) => c.label === "rolled up: a year")!.direct.total).toBe(5);
  expect(r.comparisons.find((c) => c.label === "rolled up: from the day after 23:30")!.direct.total).toBe(4);
  expect(r.comparisons.find((c) => c.label === "after writes: a year")!.direct.total).toBe(4);
  expect(r.rolledDays).toEqual([dayBefore(today, 3), dayBefore(today, 2), dayBefore(today, 1)]);
  expect(r.jobsQueuedByDashboard).toBe(1);
  // The stage change cleared d2 and the withdrawal d3; hiding a case and today's record need nothing.
  expect(r.jobsQueuedByWrites).toEqual([{ days: [dayBefore(today, 2)] }, { days: [dayBefore(today, 3)] }]);
  expect(r.tamperedTotal.after - r.tamperedTotal.before).toBe(100);
}
