// The dashboard's adoption rollup (ADR 053): adoptions per whole past Beijing day,
// by the adopter's province and by their industry (InsightsAdoptionDay). /insights
// reads these rows for the days that have them and Adoption itself for the rest, so
// a page over a year reads ~40 rows a day instead of every adoption of the year.
//
// Exact at every moment, without counting inside write transactions:
// - a day is rolled up only once it is over (today is always read live);
// - an adoption write that touches a rolled-up day (a stage change or withdrawal of
//   an older adoption, a backdated record) deletes that day's rows in its own
//   transaction, so the dashboard reads the day live until the job rolls it up again;
// - rows count every adoption whatever its case's visibility; the dashboard
//   subtracts the adoptions of cases readers cannot see (a short list) when it reads,
//   so hiding or deleting a case needs no rollup change.
// The `insights.rollup` job computes days outside any member's write: queued by
// such a write for its day, and by the dashboard when it finds past days with
// adoptions and no rollup (a new day, a new deployment).
import type { Prisma } from "~/utils/db.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { enqueueJob } from "~/jobs/queue.server.ts";
import { shanghaiDay } from "./search-log.server.ts";

type Tx = Prisma.TransactionClient;

export const INSIGHTS_ROLLUP_JOB = "insights.rollup";

const DAY_MS = 86_400_000;

/** The instant a Beijing-time day (YYYY-MM-DD) starts. */
export function beijingDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** The Beijing-time day after `day`. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * After a write to an adoption created on `createdAt`: a rolled-up day no longer
 * holds, so its rows go (the dashboard reads that day live) and the job is asked
 * to roll it up again. Today's adoptions change nothing here.
 */
export async function adoptionDayChanged(tx: Tx, createdAt: Date, now = new Date()): Promise<void> {
  const day = shanghaiDay(createdAt);
  if (day >= shanghaiDay(now)) return;
  const { count } = await tx.insightsAdoptionDay.deleteMany({ where: { day } });
  if (count > 0) await enqueueJob(tx, INSIGHTS_ROLLUP_JOB, { days: [day] });
}

/** Queues the job for every past day without a rollup, unless one is already waiting. */
export async function queueAdoptionRollup(): Promise<void> {
  const pending = await prisma.job.count({
    where: { kind: INSIGHTS_ROLLUP_JOB, status: { in: ["queued", "running"] } },
  });
  if (pending === 0) await enqueueJob(prisma, INSIGHTS_ROLLUP_JOB, {});
}

interface DayRow {
  day: string;
  dim: "day" | "province" | "industry";
  bucket: string;
  adoptions: number;
  crossing: number;
  considering: number;
  piloting: number;
  adopted: number;
}

/** One day's rows from Adoption, in the rollup's shape (the "day" row always, even with no adoptions). */
async function computeDay(tx: Tx, day: string): Promise<DayRow[]> {
  const groups = await tx.adoption.groupBy({
    by: ["adopterProvince", "adopterIndustry", "sourceProvince", "sourceIndustry", "stage"],
    where: { createdAt: { gte: beijingDayStart(day), lt: beijingDayStart(nextDay(day)) } },
    _count: { _all: true },
  });
  const rows = new Map<string, DayRow>();
  const row = (dim: DayRow["dim"], bucket: string) => {
    const key = `${dim}\u0000${bucket}`;
    let r = rows.get(key);
    if (!r) {
      r = { day, dim, bucket, adoptions: 0, crossing: 0, considering: 0, piloting: 0, adopted: 0 };
      rows.set(key, r);
    }
    return r;
  };
  row("day", "");
  for (const g of groups) {
    const n = g._count._all;
    const add = (r: DayRow, crossing: boolean) => {
      r.adoptions += n;
      if (crossing) r.crossing += n;
      if (g.stage === "considering" || g.stage === "piloting" || g.stage === "adopted") r[g.stage] += n;
    };
    add(row("day", ""), false);
    add(row("province", g.adopterProvince), g.sourceProvince !== g.adopterProvince);
    add(row("industry", g.adopterIndustry), g.sourceIndustry !== g.adopterIndustry);
  }
  return [...rows.values()];
}

/** The past days (before today) from the first adoption's day on that have no rollup. */
async function missingDays(today: string): Promise<string[]> {
  const first = await prisma.adoption.findFirst({ orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  if (!first) return [];
  const from = shanghaiDay(first.createdAt);
  const have = new Set(
    (
      await prisma.insightsAdoptionDay.findMany({
        where: { dim: "day", day: { gte: from, lt: today } },
        select: { day: true },
      })
    ).map((r) => r.day),
  );
  const out: string[] = [];
  for (let d = from; d < today; d = nextDay(d)) if (!have.has(d)) out.push(d);
  return out;
}

/**
 * Rolls up the given past days (or every past day without a rollup): each day in a
 * transaction of its own that first clears the day, then counts it. Returns how
 * many days were written. Days from today on are never rolled up.
 */
export async function rollUpAdoptionDays(opts: { days?: string[]; now?: Date } = {}): Promise<number> {
  const today = shanghaiDay(opts.now ?? new Date());
  const days = (opts.days ?? (await missingDays(today))).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d < today);
  for (const day of days) {
    await prisma.$transaction(async (tx) => {
      // Clearing first takes SQLite's write lock before the count, so no adoption
      // write can slip between the count and the rows.
      await tx.insightsAdoptionDay.deleteMany({ where: { day } });
      await tx.insightsAdoptionDay.createMany({ data: await computeDay(tx, day) });
    });
  }
  return days.length;
}

/** The job's handler: `{ days?: string[] }`. */
export async function rollUpAdoptionsJob(payload: unknown): Promise<void> {
  const days = (payload as { days?: unknown } | null)?.days;
  await rollUpAdoptionDays(Array.isArray(days) ? { days: days.filter((d): d is string => typeof d === "string") } : {});
}
