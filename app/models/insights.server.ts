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

async function adoptions(bounds: { from: string; to: string; hidden: string }) {
  const { from, to } = bounds;
  // Where practices travelled (columns kept on the adoption, ADR 027), grouped by
  // the adopter's province and industry in the order of a covering index: one pass,
  // no sort, at most 31 × 8 groups; folded into the two tables here.
  const someHidden = bounds.hidden !== "[]";
  const rows = (await readStatement(
    `SELECT adopterProvince AS ap, adopterIndustry AS ai, stage, count(*) AS n,
            ${countIfSql("sourceProvince <> adopterProvince")} AS crossProvince,
            ${countIfSql("sourceIndustry <> adopterIndustry")} AS crossIndustry
       FROM Adoption INDEXED BY Adoption_spread_idx
      WHERE createdAt >= @from AND createdAt < @to
            ${someHidden ? "AND caseId NOT IN (SELECT value FROM json_each(@hidden))" : ""}
      GROUP BY adopterProvince, adopterIndustry, stage`,
  ).all(someHidden ? bounds : { from, to })) as Row[];
  const province = new Map<string, SpreadRow>();
  const industry = new Map<string, SpreadRow>();
  const stages: Record<string, number> = { considering: 0, piloting: 0, adopted: 0 };
  const bump = (map: Map<string, SpreadRow>, key: string, n: number, crossing: number, adopted: number) => {
    const row = map.get(key) ?? { key, adoptions: 0, crossing: 0, adopted: 0 };
    row.adoptions += n;
    row.crossing += crossing;
    row.adopted += adopted;
    map.set(key, row);
  };
  let total = 0;
  for (const r of rows) {
    const n = num(r.n);
    total += n;
    const stage = String(r.stage);
    stages[stage] = (stages[stage] ?? 0) + n;
    const adopted = stage === "adopted" ? n : 0;
    bump(province, String(r.ap), n, num(r.crossProvince), adopted);
    bump(industry, String(r.ai), n, num(r.crossIndustry), adopted);
  }
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
  // The most adopted cases: counted per case in index order; cases readers cannot
  // see are dropped after the count (a few spare rows make up for them).
  const top = (
    (await readStatement(
      `SELECT c.slug, c.title, c.titleEn, b.nameZh, b.nameEn, b.province, t.n AS adoptions, t.adopted
         FROM (SELECT caseId, count(*) AS n, ${countIfSql("stage = 'adopted'")} AS adopted
                 FROM Adoption INDEXED BY Adoption_case_time_idx
                WHERE createdAt >= @from AND createdAt < @to
                GROUP BY caseId ORDER BY n DESC, caseId LIMIT 40) t
         JOIN CaseStudy c ON c.id = t.caseId LEFT JOIN Base b ON b.id = c.baseId
        WHERE c.status = 'published' AND c.deletedAt IS NULL
        ORDER BY t.n DESC, c.slug`,
    ).all({ from, to })) as Array<{
      slug: string;
      title: string;
      titleEn: string | null;
      nameZh: string | null;
      nameEn: string | null;
      province: string | null;
      adoptions: number;
      adopted: number;
    }>
  ).slice(0, 20);
  const sortRows = (m: Map<string, SpreadRow>) => [...m.values()].sort((x, y) => y.adoptions - x.adoptions);
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
    adoptions: await adoptions({ ...bounds, hidden }),
    discussion: await discussion({ ...bounds, hidden }, months),
    calls: await calls(bounds),
    search: await searchDemand(range.from, range.to),
  };
}
