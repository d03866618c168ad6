// The ministry dashboard's figures (/insights, ADR 027): coverage of the base
// registry, cases over time and by topic and stage, the diffusion of adopted
// practices, discussion activity, calls and their submissions, and search demand.
//
// Each section is one or two folded aggregate statements on the read connection
// (ADR 012), grouped as finely as several tables need and summed up in
// JavaScript, so the page reads each large table (cases, adoptions, comments) at
// most twice, through indexes that cover the columns it needs. With 578 bases,
// 20,000 cases, 100,000 adoptions and 100,000 comments the whole page answers in
// well under 200 ms (tests/bench: the `insights` case).
//
// The date range is in Beijing time: [from 00:00, to 24:00) of Asia/Shanghai.
import { readStatement } from "~/utils/db-read.server.ts";
import { beijingMonthSql, countIfSql } from "~/utils/sql-dialect.ts";
import { INDUSTRIES } from "./industry.ts";
import { PROVINCES } from "./province.ts";
import { beijingToday } from "./insights-range.ts";
import { nextDay, queueAdoptionRollup } from "./insights-rollup.server.ts";
import { searchDemand, type QueryDemand } from "./search-log.server.ts";

export interface InsightsRange {
  /** YYYY-MM-DD, Beijing time, inclusive. */
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const SHANGHAI = "+08:00";

/** The stored form of the instant a Beijing-time day starts (the adapter's ISO text, ADR 001). */
function dayStart(day: string): string {
  return new Date(`${day}T00:00:00${SHANGHAI}`).toISOString().replace("Z", "+00:00");
}

export function rangeBounds(r: InsightsRange): [string, string] {
  const end = new Date(new Date(`${r.to}T00:00:00${SHANGHAI}`).getTime() + DAY_MS);
  return [dayStart(r.from), end.toISOString().replace("Z", "+00:00")];
}

/** Each month of the range with its stored-form bounds, clipped to the range. */
function monthBounds(months: string[], bounds: { from: string; to: string }): Array<[string, string, string]> {
  return months.map((m, i) => {
    const next = months[i + 1];
    const start = dayStart(`${m}-01`);
    const end = next ? dayStart(`${next}-01`) : bounds.to;
    return [m, start > bounds.from ? start : bounds.from, end < bounds.to ? end : bounds.to];
  });
}

/** The months (YYYY-MM) the range touches, so empty months show as zero. */
export function monthsOf(r: InsightsRange): string[] {
  const out: string[] = [];
  let [y, m] = r.from.slice(0, 7).split("-").map(Number) as [number, number];
  const last = r.to.slice(0, 7);
  for (let i = 0; i < 240; i++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push(key);
    if (key >= last) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

type Row = Record<string, string | number | null>;
const num = (v: unknown) => (typeof v === "number" ? v : Number(v ?? 0));

// Cases readers can see, published within the range.
const CASES_IN_RANGE = `c.status = 'published' AND c.deletedAt IS NULL AND c.publishedAt >= @from AND c.publishedAt < @to`;
const MONTH = (col: string) => beijingMonthSql(col);

export interface BaseInfo {
  id: string;
  slug: string;
  nameZh: string;
  nameEn: string;
  province: string;
  industry: string;
  cases: number;
}

export interface CoverageRow {
  key: string;
  bases: number;
  publishing: number;
  cases: number;
}

async function coverage(bounds: { from: string; to: string }) {
  // One row per base (the registry is 578 rows): its cases in the range.
  const bases = (await readStatement(
    `SELECT b.id, b.slug, b.nameZh, b.nameEn, b.province, b.industry, coalesce(p.n, 0) AS cases
       FROM Base b
       LEFT JOIN (SELECT c.baseId, count(*) AS n FROM CaseStudy c INDEXED BY CaseStudy_insights_idx WHERE ${CASES_IN_RANGE} GROUP BY c.baseId) p
         ON p.baseId = b.id
      WHERE b.retiredAt IS NULL
      ORDER BY b.province, b.slug`,
  ).all(bounds)) as unknown as BaseInfo[];
  const fold = (keyOf: (b: BaseInfo) => string, keys: readonly string[]) => {
    const map = new Map<string, CoverageRow>(keys.map((k) => [k, { key: k, bases: 0, publishing: 0, cases: 0 }]));
    for (const b of bases) {
      const key = keyOf(b);
      const row = map.get(key) ?? { key, bases: 0, publishing: 0, cases: 0 };
      row.bases += 1;
      row.cases += num(b.cases);
      if (num(b.cases) > 0) row.publishing += 1;
      map.set(key, row);
    }
    return [...map.values()].filter((r) => r.bases > 0);
  };
  return {
    total: bases.length,
    publishing: bases.filter((b) => num(b.cases) > 0).length,
    byProvince: fold((b) => b.province, PROVINCES),
    byIndustry: fold((b) => b.industry, INDUSTRIES),
    silent: bases.filter((b) => num(b.cases) === 0),
  };
}

async function cases(bounds: { from: string; to: string }, months: string[]) {
  const rows = (await readStatement(
    `SELECT ${MONTH("c.publishedAt")} AS month, coalesce(c.stage, '') AS stage, count(*) AS n
       FROM CaseStudy c INDEXED BY CaseStudy_insights_idx WHERE ${CASES_IN_RANGE} GROUP BY month, stage`,
  ).all(bounds)) as Row[];
  const perMonth = new Map(months.map((m) => [m, 0]));
  const perStage = new Map<string, number>();
  let total = 0;
  for (const r of rows) {
    const n = num(r.n);
    total += n;
    perMonth.set(String(r.month), (perMonth.get(String(r.month)) ?? 0) + n);
    perStage.set(String(r.stage), (perStage.get(String(r.stage)) ?? 0) + n);
  }
  // From the cases in the range (an index range) to their topics (CaseTopic's primary key).
  const perTopic = new Map(
    (
      (await readStatement(
        `SELECT ct.topicId, count(*) AS n FROM CaseStudy c INDEXED BY CaseStudy_insights_idx JOIN CaseTopic ct ON ct.caseId = c.id
          WHERE ${CASES_IN_RANGE} GROUP BY ct.topicId`,
      ).all(bounds)) as Array<{ topicId: string; n: number }>
    ).map((r) => [r.topicId, r.n]),
  );
  const byTopic = (
    (await readStatement("SELECT id, slug, nameZh, nameEn FROM Topic ORDER BY position").all()) as Array<{
      id: string;
      slug: string;
      nameZh: string;
      nameEn: string;
    }>
  )
    .map((t) => ({ slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn, cases: perTopic.get(t.id) ?? 0 }))
    .sort((a, b) => b.cases - a.cases);
  return {
    total,
    byMonth: [...perMonth].map(([month, n]) => ({ month, cases: n })),
    byStage: ["pilot", "implemented", "scaled", ""]
      .map((stage) => ({ stage, cases: perStage.get(stage) ?? 0 }))
      .filter((r) => r.stage || r.cases),
    byTopic,
  };
}

export interface SpreadRow {
  key: string;
  adoptions: number;
  /** Adoptions whose case comes from a base in another province (or industry). */
  crossing: number;
  adopted: number;
}

/**
 * Cases readers cannot see (hidden, deleted, unpublished): a short list, given to
 * the range aggregates as a JSON array, so excluding them costs no join per row.
 */
async function invisibleCaseIds(): Promise<string> {
  const rows = (await readStatement(
    "SELECT id FROM CaseStudy WHERE status <> 'published' OR deletedAt IS NOT NULL",
  ).all()) as Array<{ id: string }>;
  return JSON.stringify(rows.map((r) => r.id));
}

/** A group of adoptions by the adopter's place and stage, as the live statements return it. */
interface SpreadGroup {
  ap: string;
  ai: string;
  stage: string;
  n: number;
  crossProvince: number;
  crossIndustry: number;
}

const SPREAD_COLUMNS = `adopterProvince AS ap, adopterIndustry AS ai, stage, count(*) AS n,
            ${countIfSql("sourceProvince <> adopterProvince")} AS crossProvince,
            ${countIfSql("sourceIndustry <> adopterIndustry")} AS crossIndustry`;

/**
 * Adoptions of days without a rollup, read from Adoption. A few days (today, a
 * day an adoption write cleared) go through the createdAt index; a long stretch
 * (a deployment whose rollup is not built yet) through the covering index, in
 * its order, with no sort.
 */
async function liveSpread(from: string, to: string, days: number): Promise<SpreadGroup[]> {
  const index = days <= 62 ? "Adoption_createdAt_idx" : "Adoption_spread_idx";
  return (await readStatement(
    `SELECT ${SPREAD_COLUMNS} FROM Adoption INDEXED BY ${index}
      WHERE createdAt >= @from AND createdAt < @to
      GROUP BY adopterProvince, adopterIndustry, stage`,
  ).all({ from, to })) as SpreadGroup[];
}

/** Days of the range without a rollup, as runs of consecutive days [first, last]. */
function gapsOf(range: InsightsRange, rolled: ReadonlySet<string>): Array<[string, string, number]> {
  const gaps: Array<[string, string, number]> = [];
  for (let d = range.from; d <= range.to; d = nextDay(d)) {
    if (rolled.has(d)) continue;
    const last = gaps[gaps.length - 1];
    if (last && nextDay(last[1]) === d) {
      last[1] = d;
      last[2] += 1;
    } else gaps.push([d, d, 1]);
  }
  return gaps;
}

type TopCase = {
  slug: string;
  title: string;
  titleEn: string | null;
  nameZh: string | null;
  nameEn: string | null;
  province: string | null;
  adoptions: number;
  adopted: number;
};
const TOP = 20;
const bySlug = (a: { slug: string }, b: { slug: string }) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/**
 * The TOP visible cases most adopted in the range (ties by slug). A case's
 * adoptions in any range are at most its adoptionCount (all its adoptions, kept by
 * the adoption model in the write's transaction), so reading visible cases in
 * adoptionCount order can stop at the first case whose adoptionCount is below the
 * TOP-th count found: no case further down can enter. Each batch counts its cases'
 * adoptions in the range by index seeks. When the range holds few adoptions, or the
 * bound does not close within MAX_CANDIDATES cases (a range far from where
 * adoptions concentrate), the range's adoptions are counted per case instead.
 */
const CANDIDATE_BATCH = 100;
const MAX_CANDIDATES = 1000;
export async function topAdopted(
  bounds: { from: string; to: string },
  inRange: number,
  bounded = inRange > 5 * MAX_CANDIDATES,
): Promise<TopCase[]> {
  const { from, to } = bounds;
  const VISIBLE = "c.status = 'published' AND c.deletedAt IS NULL";
  const details = readStatement(
    `SELECT c.id, c.slug, c.title, c.titleEn, b.nameZh, b.nameEn, b.province
       FROM CaseStudy c LEFT JOIN Base b ON b.id = c.baseId WHERE c.id IN (SELECT value FROM json_each(@ids))`,
  );
  const withDetails = async (counted: Array<{ id: string; slug: string; n: number; adopted: number }>) => {
    const found = new Map(
      ((await details.all({ ids: JSON.stringify(counted.map((c) => c.id)) })) as Array<TopCase & { id: string }>).map(
        (r) => [r.id, r],
      ),
    );
    return counted.map((c) => {
      const d = found.get(c.id)!;
      return {
        slug: d.slug,
        title: d.title,
        titleEn: d.titleEn,
        nameZh: d.nameZh,
        nameEn: d.nameEn,
        province: d.province,
        adoptions: c.n,
        adopted: c.adopted,
      };
    });
  };
  const rank = <T extends { slug: string; n: number }>(xs: T[]) => xs.sort((a, b) => b.n - a.n || bySlug(a, b));

  if (bounded) {
    const candidates = readStatement(
      `SELECT c.id, c.slug, c.adoptionCount FROM CaseStudy c INDEXED BY CaseStudy_adopted_idx
        WHERE ${VISIBLE} AND c.adoptionCount > 0
        ORDER BY c.adoptionCount DESC, c.id DESC LIMIT ${CANDIDATE_BATCH} OFFSET @offset`,
    );
    const counts = readStatement(
      `SELECT caseId, count(*) AS n, ${countIfSql("stage = 'adopted'")} AS adopted
         FROM Adoption INDEXED BY Adoption_case_time_idx
        WHERE caseId IN (SELECT value FROM json_each(@ids)) AND createdAt >= @from AND createdAt < @to
        GROUP BY caseId`,
    );
    const best: Array<{ id: string; slug: string; n: number; adopted: number }> = [];
    for (let offset = 0; offset < MAX_CANDIDATES; offset += CANDIDATE_BATCH) {
      const batch = (await candidates.all({ offset })) as Array<{ id: string; slug: string; adoptionCount: number }>;
      const got = new Map(
        (
          (await counts.all({ ids: JSON.stringify(batch.map((c) => c.id)), from, to })) as Array<{
            caseId: string;
            n: number;
            adopted: number;
          }>
        ).map((r) => [r.caseId, r]),
      );
      for (const c of batch) {
        const r = got.get(c.id);
        if (r) best.push({ id: c.id, slug: c.slug, n: num(r.n), adopted: num(r.adopted) });
      }
      rank(best).splice(TOP);
      const last = batch[batch.length - 1];
      // Every case not read yet has at most `last.adoptionCount` adoptions in the range.
      if (batch.length < CANDIDATE_BATCH || (best.length === TOP && last!.adoptionCount < best[TOP - 1]!.n))
        return withDetails(best);
    }
  }
  const all = (await readStatement(
    `SELECT t.caseId AS id, c.slug, t.n, t.adopted
       FROM (SELECT caseId, count(*) AS n, ${countIfSql("stage = 'adopted'")} AS adopted
               FROM Adoption INDEXED BY Adoption_createdAt_idx
              WHERE createdAt >= @from AND createdAt < @to GROUP BY caseId) t
       JOIN CaseStudy c ON c.id = t.caseId
      WHERE ${VISIBLE}
      ORDER BY t.n DESC, c.slug LIMIT ${TOP}`,
  ).all({ from, to })) as Array<{ id: string; slug: string; n: number; adopted: number }>;
  return withDetails(rank(all.map((r) => ({ ...r, n: num(r.n), adopted: num(r.adopted) }))));
}

async function adoptions(range: InsightsRange, bounds: { from: string; to: string; hidden: string }) {
  const { from, to } = bounds;
  const province = new Map<string, SpreadRow>();
  const industry = new Map<string, SpreadRow>();
  const stages: Record<string, number> = { considering: 0, piloting: 0, adopted: 0 };
  let total = 0;
  const bump = (map: Map<string, SpreadRow>, key: string, n: number, crossing: number, adopted: number) => {
    const row = map.get(key) ?? { key, adoptions: 0, crossing: 0, adopted: 0 };
    row.adoptions += n;
    row.crossing += crossing;
    row.adopted += adopted;
    map.set(key, row);
  };
  // Whole past days from the rollup (ADR 053): at most ~40 rows a day.
  const today = beijingToday();
  const rolled = new Set<string>();
  const dayRows = (await readStatement(
    `SELECT day, dim, bucket, adoptions, crossing, considering, piloting, adopted
       FROM InsightsAdoptionDay WHERE day >= @fromDay AND day <= @toDay AND day < @today`,
  ).all({ fromDay: range.from, toDay: range.to, today })) as Array<{
    day: string;
    dim: string;
    bucket: string;
    adoptions: number;
    crossing: number;
    considering: number;
    piloting: number;
    adopted: number;
  }>;
  for (const r of dayRows) {
    if (r.dim === "day") {
      rolled.add(r.day);
      total += num(r.adoptions);
      stages.considering! += num(r.considering);
      stages.piloting! += num(r.piloting);
      stages.adopted! += num(r.adopted);
    } else
      bump(r.dim === "province" ? province : industry, r.bucket, num(r.adoptions), num(r.crossing), num(r.adopted));
  }
  // Every group adds (sign 1: days read live) or takes away (sign -1: invisible cases' adoptions).
  const fold = (groups: SpreadGroup[], sign: 1 | -1) => {
    for (const g of groups) {
      const n = sign * num(g.n);
      total += n;
      stages[g.stage] = (stages[g.stage] ?? 0) + n;
      const adopted = g.stage === "adopted" ? n : 0;
      bump(province, String(g.ap), n, sign * num(g.crossProvince), adopted);
      bump(industry, String(g.ai), n, sign * num(g.crossIndustry), adopted);
    }
  };
  let pastUnrolled = 0;
  for (const [first, last, days] of gapsOf(range, rolled)) {
    const groups = await liveSpread(dayStart(first), dayStart(nextDay(last)), days);
    fold(groups, 1);
    if (first < today) pastUnrolled += groups.reduce((n, g) => n + num(g.n), 0);
  }
  // Past days with adoptions and no rollup (a new day, a cleared day, a new deployment): ask the job.
  if (pastUnrolled > 0) await queueAdoptionRollup();
  // Cases readers cannot see: their adoptions were counted above (the rollup counts
  // every adoption) and are taken away again, by index seeks per case.
  if (bounds.hidden !== "[]")
    fold(
      (await readStatement(
        `SELECT ${SPREAD_COLUMNS} FROM Adoption INDEXED BY Adoption_case_time_idx
          WHERE caseId IN (SELECT value FROM json_each(@hidden)) AND createdAt >= @from AND createdAt < @to
          GROUP BY adopterProvince, adopterIndustry, stage`,
      ).all(bounds)) as SpreadGroup[],
      -1,
    );
  // 578 index seeks, one per base.
  const adoptingBases = num(
    (
      (await readStatement(
        `SELECT count(*) AS n FROM Base b WHERE EXISTS (
           SELECT 1 FROM Adoption a INDEXED BY Adoption_baseId_createdAt_idx
            WHERE a.baseId = b.id AND a.createdAt >= @from AND a.createdAt < @to)`,
      ).get({ from, to })) as Row
    ).n,
  );
  const top = await topAdopted({ from, to }, total);
  const sortRows = (m: Map<string, SpreadRow>) =>
    [...m.values()]
      .filter((r) => r.adoptions > 0)
      .sort((x, y) => y.adoptions - x.adoptions || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return {
    total,
    adoptingBases,
    byStage: (["considering", "piloting", "adopted"] as const).map((stage) => ({
      stage,
      adoptions: stages[stage] ?? 0,
    })),
    byProvince: sortRows(province),
    byIndustry: sortRows(industry),
    top,
  };
}

/**
 * Discussion activity. "Unanswered" (documented in ADR 027): a visible top-level
 * comment (not deleted, hidden or awaiting approval) on a visible case, written in
 * the range, that has no visible reply from anyone but its own author; and a case
 * published in the range that has no visible comment at all. Whether a question
 * is answered is Comment.answeredAt, kept by the comment model (refreshAnswered),
 * so each month is one range of Comment_activity_idx with no lookup per question
 * (the self-join it replaces cost 70 ms of the page's 180 at the target scale).
 */
const UNANSWERED = `m.parentId IS NULL AND m.answeredAt IS NULL`;
const visibleComment = (someHidden: boolean) =>
  `m.deletedAt IS NULL AND m.hiddenAt IS NULL AND m.pendingAt IS NULL
   ${someHidden ? "AND m.caseId NOT IN (SELECT value FROM json_each(@hidden))" : ""}`;

async function discussion(bounds: { from: string; to: string; hidden: string }, months: string[]) {
  const someHidden = bounds.hidden !== "[]";
  const VISIBLE_COMMENT = visibleComment(someHidden);
  const withHidden = <T extends object>(args: T) => (someHidden ? { ...args, hidden: bounds.hidden } : args);
  // Month by month: a range of a covering index each, no sort (grouping by a
  // computed Beijing-time month instead costs a strftime per row, twice as slow).
  const month = readStatement(
    `SELECT count(*) AS comments, ${countIfSql("m.parentId IS NULL")} AS questions, ${countIfSql(UNANSWERED)} AS unanswered
       FROM Comment m INDEXED BY Comment_activity_idx
      WHERE m.createdAt >= @from AND m.createdAt < @to AND ${VISIBLE_COMMENT}`,
  );
  const byMonth = await Promise.all(
    monthBounds(months, bounds).map(async ([m, from, to]) => {
      const r = (await month.get(withHidden({ from, to }))) as Row;
      return { month: m, comments: num(r.comments), questions: num(r.questions), unanswered: num(r.unanswered) };
    }),
  );
  const silentCases = (await readStatement(
    `SELECT count(*) AS n FROM CaseStudy c INDEXED BY CaseStudy_insights_idx WHERE ${CASES_IN_RANGE} AND c.commentCount = 0`,
  ).get({ from: bounds.from, to: bounds.to })) as Row;
  const oldestUnanswered = (await readStatement(
    `SELECT m.id, m.bodyText, m.createdAt, c.slug, c.title, c.titleEn
       FROM Comment m INDEXED BY Comment_activity_idx JOIN CaseStudy c ON c.id = m.caseId
      WHERE m.createdAt >= @from AND m.createdAt < @to AND ${UNANSWERED} AND ${VISIBLE_COMMENT}
      ORDER BY m.createdAt LIMIT 10`,
  ).all(withHidden({ from: bounds.from, to: bounds.to }))) as Array<{
    id: string;
    bodyText: string;
    createdAt: string;
    slug: string;
    title: string;
    titleEn: string | null;
  }>;
  const rows = byMonth;
  return {
    byMonth: rows,
    comments: rows.reduce((n, r) => n + r.comments, 0),
    questions: rows.reduce((n, r) => n + r.questions, 0),
    unanswered: rows.reduce((n, r) => n + r.unanswered, 0),
    casesWithoutComments: num(silentCases.n),
    oldestUnanswered: oldestUnanswered.map((q) => ({
      ...q,
      excerpt: q.bodyText.length > 100 ? `${q.bodyText.slice(0, 99)}…` : q.bodyText,
    })),
  };
}

/** Calls whose deadline or opening falls in the range, or still open, with their submissions by status. */
async function calls(bounds: { from: string; to: string }) {
  const rows = (await readStatement(
    `SELECT k.slug, k.title, k.titleEn, k.status, k.deadline, count(s.id) AS submissions,
            ${countIfSql("s.status = 'selected'")} AS selected, ${countIfSql("s.status = 'not-selected'")} AS notSelected,
            ${countIfSql("s.status IN ('submitted', 'under-review')")} AS pending,
            count(DISTINCT s.baseId) AS bases
       FROM Call k LEFT JOIN Submission s ON s.callId = k.id AND s.status <> 'withdrawn'
      WHERE k.status <> 'draft'
        AND (k.status = 'open' OR (k.deadline >= @from AND k.deadline < @to)
             OR (k.openedAt >= @from AND k.openedAt < @to))
      GROUP BY k.id ORDER BY k.deadline DESC LIMIT 50`,
  ).all(bounds)) as Row[];
  return rows.map((r) => ({
    slug: String(r.slug),
    title: String(r.title),
    titleEn: (r.titleEn as string | null) ?? null,
    status: String(r.status),
    deadline: String(r.deadline),
    submissions: num(r.submissions),
    selected: num(r.selected),
    notSelected: num(r.notSelected),
    pending: num(r.pending),
    bases: num(r.bases),
  }));
}

export interface Insights {
  range: InsightsRange;
  coverage: Awaited<ReturnType<typeof coverage>>;
  cases: Awaited<ReturnType<typeof cases>>;
  adoptions: Awaited<ReturnType<typeof adoptions>>;
  discussion: Awaited<ReturnType<typeof discussion>>;
  calls: Awaited<ReturnType<typeof calls>>;
  search: { top: QueryDemand[]; zero: QueryDemand[] };
}

export async function loadInsights(range: InsightsRange): Promise<Insights> {
  const [from, to] = rangeBounds(range);
  const bounds = { from, to };
  const months = monthsOf(range);
  const hidden = await invisibleCaseIds();
  return {
    range,
    coverage: await coverage(bounds),
    cases: await cases(bounds, months),
    adoptions: await adoptions(range, { ...bounds, hidden }),
    discussion: await discussion({ ...bounds, hidden }, months),
    calls: await calls(bounds),
    search: await searchDemand(range.from, range.to),
  };
}
