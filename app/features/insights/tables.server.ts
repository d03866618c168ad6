// The dashboard's figures as tables in the reader's language: the page shows each
// as an HTML table (and some as an SVG chart drawn from the same rows), and
// /insights/csv/:dataset exports the same rows, so page, chart and file agree.
import type { Locale } from "~/i18n/config.ts";
import { tFor } from "~/i18n/i18n.server.ts";
import type { Insights } from "~/models/insights.server.ts";

export type Cell = string | number;

export interface InsightTable {
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  /** Links for the first cell of each row (same-site paths), when rows are pages. */
  links?: Array<string | null>;
  /** A chart of some numeric columns against the first one. */
  chart?: { kind: "bars" | "columns"; values: number[] };
}

export const DATASETS = [
  "coverage-province",
  "coverage-industry",
  "silent-bases",
  "cases-month",
  "cases-topic",
  "cases-stage",
  "adoptions-top",
  "adoptions-province",
  "adoptions-industry",
  "adoptions-stage",
  "discussion-month",
  "unanswered",
  "calls",
  "search-top",
  "search-zero",
] as const;
export type Dataset = (typeof DATASETS)[number];

export function isDataset(v: unknown): v is Dataset {
  return typeof v === "string" && (DATASETS as readonly string[]).includes(v);
}

export function insightTables(ins: Insights, locale: Locale): Record<Dataset, InsightTable> {
  const t = tFor(locale);
  const en = locale === "en";
  const h = (key: string) => t(`insights:columns.${key}`);
  const province = (p: string) => t(`bases:provinces.${p}`, { defaultValue: p || "—" });
  const industry = (i: string) => t(`bases:industries.${i}`, { defaultValue: i || "—" });
  const title = (c: { title: string; titleEn: string | null }) => (en && c.titleEn ? c.titleEn : c.title);
  const pct = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 1000) / 10}%` : "—");
  const { coverage: cov, cases, adoptions, discussion, calls, search } = ins;
  return {
    "coverage-province": {
      id: "coverage-province",
      title: t("insights:tables.coverageProvince"),
      columns: [h("province"), h("bases"), h("publishing"), h("share"), h("cases")],
      rows: cov.byProvince.map((r) => [province(r.key), r.bases, r.publishing, pct(r.publishing, r.bases), r.cases]),
      chart: { kind: "bars", values: [1, 2] },
    },
    "coverage-industry": {
      id: "coverage-industry",
      title: t("insights:tables.coverageIndustry"),
      columns: [h("industry"), h("bases"), h("publishing"), h("share"), h("cases")],
      rows: cov.byIndustry.map((r) => [industry(r.key), r.bases, r.publishing, pct(r.publishing, r.bases), r.cases]),
    },
    "silent-bases": {
      id: "silent-bases",
      title: t("insights:tables.silentBases"),
      columns: [h("base"), h("province"), h("industry")],
      rows: cov.silent.map((b) => [en ? b.nameEn : b.nameZh, province(b.province), industry(b.industry)]),
      links: cov.silent.map((b) => `/bases/${b.slug}`),
    },
    "cases-month": {
      id: "cases-month",
      title: t("insights:tables.casesMonth"),
      columns: [h("month"), h("cases")],
      rows: cases.byMonth.map((r) => [r.month, r.cases]),
      chart: { kind: "columns", values: [1] },
    },
    "cases-topic": {
      id: "cases-topic",
      title: t("insights:tables.casesTopic"),
      columns: [h("topic"), h("cases")],
      rows: cases.byTopic.map((r) => [en ? r.nameEn : r.nameZh, r.cases]),
      links: cases.byTopic.map((r) => `/topics/${r.slug}`),
    },
    "cases-stage": {
      id: "cases-stage",
      title: t("insights:tables.casesStage"),
      columns: [h("stage"), h("cases")],
      rows: cases.byStage.map((r) => [r.stage ? t(`cases:stages.${r.stage}`) : t("insights:noStage"), r.cases]),
    },
    "adoptions-top": {
      id: "adoptions-top",
      title: t("insights:tables.adoptionsTop"),
      columns: [h("case"), h("base"), h("province"), h("adoptions"), h("adopted")],
      rows: adoptions.top.map((r) => [
        title(r),
        (en ? r.nameEn : r.nameZh) ?? "—",
        province(r.province ?? ""),
        r.adoptions,
        r.adopted,
      ]),
      links: adoptions.top.map((r) => `/cases/${r.slug}`),
    },
    "adoptions-province": {
      id: "adoptions-province",
      title: t("insights:tables.adoptionsProvince"),
      columns: [h("province"), h("adoptions"), h("crossProvince"), h("adopted")],
      rows: adoptions.byProvince.map((r) => [province(r.key), r.adoptions, r.crossing, r.adopted]),
      chart: { kind: "bars", values: [1, 2] },
    },
    "adoptions-industry": {
      id: "adoptions-industry",
      title: t("insights:tables.adoptionsIndustry"),
      columns: [h("industry"), h("adoptions"), h("crossIndustry"), h("adopted")],
      rows: adoptions.byIndustry.map((r) => [industry(r.key), r.adoptions, r.crossing, r.adopted]),
    },
    "adoptions-stage": {
      id: "adoptions-stage",
      title: t("insights:tables.adoptionsStage"),
      columns: [h("stage"), h("adoptions")],
      rows: adoptions.byStage.map((r) => [t(`adoption:stages.${r.stage}`), r.adoptions]),
    },
    "discussion-month": {
      id: "discussion-month",
      title: t("insights:tables.discussionMonth"),
      columns: [h("month"), h("comments"), h("questions"), h("unanswered")],
      rows: discussion.byMonth.map((r) => [r.month, r.comments, r.questions, r.unanswered]),
      chart: { kind: "columns", values: [2, 3] },
    },
    unanswered: {
      id: "unanswered",
      title: t("insights:tables.unanswered"),
      columns: [h("question"), h("case"), h("date")],
      rows: discussion.oldestUnanswered.map((q) => [q.excerpt, title(q), String(q.createdAt).slice(0, 10)]),
      links: discussion.oldestUnanswered.map((q) => `/cases/${q.slug}?comment=${q.id}#c-${q.id}`),
    },
    calls: {
      id: "calls",
      title: t("insights:tables.calls"),
      columns: [
        h("call"),
        h("status"),
        h("deadline"),
        h("submissions"),
        h("bases"),
        h("selected"),
        h("notSelected"),
        h("pending"),
      ],
      rows: calls.map((c) => [
        title(c),
        t(`insights:callStatus.${c.status}`, { defaultValue: c.status }),
        c.deadline.slice(0, 10),
        c.submissions,
        c.bases,
        c.selected,
        c.notSelected,
        c.pending,
      ]),
      links: calls.map((c) => `/calls/${c.slug}`),
    },
    "search-top": {
      id: "search-top",
      title: t("insights:tables.searchTop"),
      columns: [h("query"), h("searches"), h("zeroResults")],
      rows: search.top.map((q) => [q.query, q.searches, q.zeroResults]),
      links: search.top.map((q) => `/search?q=${encodeURIComponent(q.query)}`),
      chart: { kind: "bars", values: [1] },
    },
    "search-zero": {
      id: "search-zero",
      title: t("insights:tables.searchZero"),
      columns: [h("query"), h("zeroResults"), h("searches")],
      rows: search.zero.map((q) => [q.query, q.zeroResults, q.searches]),
      links: search.zero.map((q) => `/search?q=${encodeURIComponent(q.query)}`),
    },
  };
}

/** RFC 4180 CSV with a UTF-8 byte order mark, so Excel and WPS open Chinese text correctly. */
export function toCsv(table: InsightTable): string {
  const cell = (v: Cell) => {
    let s = String(v);
    // A cell starting with = + - @ would run as a formula in a spreadsheet.
    if (/^[=+\-@\t\r]/.test(s) && typeof v === "string") s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [table.columns, ...table.rows].map((r) => r.map(cell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
