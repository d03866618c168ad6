// A readable diff between two revisions: every field as text, compared word by
// word (Intl.Segmenter splits Chinese into words or characters and English into
// words), so a changed phrase shows as one deletion and one insertion.
import { diffArrays } from "diff";
import type { JSONContent } from "@tiptap/core";
import { docToPlainText } from "~/editor/render.server.ts";
import { SECTIONS, type CaseContent, type Metric } from "~/models/case-content.ts";

export interface DiffPart {
  op: "same" | "add" | "del";
  text: string;
}
export interface FieldDiff {
  field: string;
  changed: boolean;
  parts: DiffPart[];
}

const segmenter = new Intl.Segmenter("zh", { granularity: "word" });

function tokens(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: "same", text: before }] : [];
  const parts: DiffPart[] = [];
  for (const change of diffArrays(tokens(before), tokens(after))) {
    const op = change.added ? "add" : change.removed ? "del" : "same";
    const text = change.value.join("");
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  }
  return parts;
}

function metricLine(m: Metric): string {
  const unit = m.unit ? ` ${m.unit}` : "";
  const source = m.source ? ` [${m.source}]` : "";
  return `${m.label}: ${m.before || "—"} → ${m.after}${unit}${source}`;
}

export function diffContents(a: CaseContent, b: CaseContent, topicLabel: (slug: string) => string): FieldDiff[] {
  const fields: [string, string, string][] = [
    ["title", a.title, b.title],
    ["titleEn", a.titleEn, b.titleEn],
    ["summary", a.summary, b.summary],
    ["summaryEn", a.summaryEn, b.summaryEn],
    ["topics", a.topics.map(topicLabel).join(", "), b.topics.map(topicLabel).join(", ")],
    ["stage", a.stage ?? "", b.stage ?? ""],
    [
      "period",
      [a.periodStart, a.periodEnd].filter(Boolean).join("–"),
      [b.periodStart, b.periodEnd].filter(Boolean).join("–"),
    ],
    ["metrics", a.metrics.map(metricLine).join("\n"), b.metrics.map(metricLine).join("\n")],
    ...SECTIONS.map(
      (s) =>
        [
          s,
          docToPlainText(a.sections[s] as JSONContent | null),
          docToPlainText(b.sections[s] as JSONContent | null),
        ] as [string, string, string],
    ),
  ];
  return fields.map(([field, before, after]) => ({ field, changed: before !== after, parts: diffText(before, after) }));
}
