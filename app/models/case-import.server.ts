// Importing case studies from the ministry's compendiums (format: docs/import-format.md).
// Every record goes through the same validation and the same publish path as a
// case written in the app; records are matched by their external id, so running
// an import twice changes nothing, and an edited record becomes a new revision.
import { z } from "zod";
import type { JSONContent } from "@tiptap/core";
import { docFromPlainText, isEmptyDoc, validateDoc } from "~/editor/validate.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { CasePublishSchema, SECTIONS, contentFromInput, type CaseContent } from "./case-content.ts";
import { CaseError, createDraft, getCaseForEditing, publishCase } from "./case.server.ts";

const section = z
  .union([z.string().max(20_000), z.record(z.unknown())])
  .optional()
  .nullable();

export const ImportRecord = z.object({
  externalId: z.string().trim().min(1).max(100),
  base: z.string().trim().min(1).max(120), // base slug
  title: z.string(),
  titleEn: z.string().optional(),
  summary: z.string(),
  summaryEn: z.string().optional(),
  topics: z.array(z.string()).min(1),
  stage: z.string(),
  periodStart: z.union([z.number(), z.string()]),
  periodEnd: z.union([z.number(), z.string()]).optional().nullable(),
  metrics: z
    .array(
      z.object({
        label: z.string(),
        before: z.string().optional(),
        after: z.string(),
        unit: z.string().optional(),
        source: z.string().optional(),
      }),
    )
    .optional(),
  sections: z.object(
    Object.fromEntries(SECTIONS.map((s) => [s, section])) as Record<(typeof SECTIONS)[number], typeof section>,
  ),
  publishedAt: z
    .string()
    .datetime({ offset: true })
    .or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .optional(),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

export const ImportFile = z.object({ source: z.string().max(300).optional(), cases: z.array(z.unknown()).max(10_000) });

export type ImportOutcome =
  | { status: "created" | "updated" | "unchanged"; externalId: string; slug: string }
  | { status: "error"; externalId: string | null; index: number; errors: string[] };

function toDoc(value: unknown): { doc: JSONContent | null; error?: string } {
  if (value == null || value === "") return { doc: null };
  const candidate = typeof value === "string" ? docFromPlainText(value) : value;
  const checked = validateDoc(candidate, "case");
  if (!checked.ok) return { doc: null, error: checked.details.join("; ") || checked.errors.join("; ") };
  return { doc: isEmptyDoc(checked.doc) ? null : checked.doc };
}

/** Validates one raw record into case content and its base id; errors are plain English for the operator. */
async function prepare(
  raw: unknown,
): Promise<
  { ok: true; record: ImportRecord; content: CaseContent } | { ok: false; externalId: string | null; errors: string[] }
> {
  const parsed = ImportRecord.safeParse(raw);
  const externalId =
    typeof (raw as { externalId?: unknown })?.externalId === "string"
      ? (raw as { externalId: string }).externalId
      : null;
  if (!parsed.success) {
    return {
      ok: false,
      externalId,
      errors: parsed.error.issues.map((i) => `${i.path.join(".") || "(record)"}: ${i.message}`),
    };
  }
  const r = parsed.data;
  const errors: string[] = [];
  const base = await prisma.base.findUnique({ where: { slug: r.base }, select: { id: true } });
  if (!base) errors.push(`base: no base with slug "${r.base}"`);
  const sections = {} as CaseContent["sections"];
  for (const s of SECTIONS) {
    const { doc, error } = toDoc(r.sections[s]);
    if (error) errors.push(`sections.${s}: ${error}`);
    sections[s] = doc;
  }
  // The same rules as the publish form: lengths, topics, stage, years, metrics, required sections.
  const form = CasePublishSchema.safeParse({
    title: r.title,
    titleEn: r.titleEn,
    summary: r.summary,
    summaryEn: r.summaryEn,
    topics: r.topics,
    stage: r.stage,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd ?? undefined,
    metrics: r.metrics ?? [],
    ...Object.fromEntries(SECTIONS.map((s) => [s, sections[s] ? JSON.stringify(sections[s]) : undefined])),
  });
  if (!form.success)
    errors.push(...form.error.issues.map((i) => `${i.path.join(".")}: ${i.message.replace(/^cases:errors\./, "")}`));
  if (errors.length || !form.success || !base) return { ok: false, externalId: r.externalId, errors };
  const content = contentFromInput(form.data);
  content.sections = sections;
  content.baseId = base.id;
  return { ok: true, record: r, content };
}

const same = (a: CaseContent, b: CaseContent) => JSON.stringify(a) === JSON.stringify(b);

export async function importCase(
  raw: unknown,
  index: number,
  actor: { id: string; role: string; baseId: string | null; baseVerified: boolean; emailVerified: boolean },
): Promise<ImportOutcome> {
  const prepared = await prepare(raw);
  if (!prepared.ok) return { status: "error", externalId: prepared.externalId, index, errors: prepared.errors };
  const { record, content } = prepared;
  try {
    const existing = await prisma.caseStudy.findUnique({
      where: { externalId: record.externalId },
      select: { id: true },
    });
    if (existing) {
      const current = await getCaseForEditing(existing.id, actor);
      if (!current)
        return {
          status: "error",
          externalId: record.externalId,
          index,
          errors: ["the case with this external id was deleted"],
        };
      if (current.revisionNumber > 0 && same(current.content, content)) {
        return { status: "unchanged", externalId: record.externalId, slug: current.slug };
      }
      const out = await publishCase(current.id, actor, content, {
        expectedVersion: current.version,
        note: "import",
      });
      return { status: "updated", externalId: record.externalId, slug: out.slug };
    }
    const draft = await createDraft(actor.id, `import:${record.externalId}`, content);
    await prisma.caseStudy.update({ where: { id: draft.id }, data: { externalId: record.externalId } });
    const out = await publishCase(draft.id, actor, content, { expectedVersion: draft.draftVersion, note: "import" });
    if (record.publishedAt) {
      await prisma.caseStudy.update({ where: { id: draft.id }, data: { publishedAt: new Date(record.publishedAt) } });
    }
    return { status: "created", externalId: record.externalId, slug: out.slug };
  } catch (error) {
    const message =
      error instanceof CaseError
        ? `${error.code} ${JSON.stringify(error.details)}`
        : error instanceof Error
          ? error.message
          : String(error);
    return { status: "error", externalId: record.externalId, index, errors: [message] };
  }
}
