// Parsing and saving the case form, shared by /cases/new, /cases/:slug/edit and
// the autosave endpoint (resources.case-drafts), so there is one way to turn a
// posted form into stored case content.
import { parseWithZod } from "@conform-to/zod";
import type { SubmissionResult } from "@conform-to/react";
import type { JSONContent } from "@tiptap/core";
import { docToPlainText } from "~/editor/render.server.ts";
import { docFromPlainText, isEmptyDoc, validateDoc } from "~/editor/validate.server.ts";
import type { SessionUser } from "~/auth/session.server.ts";
import {
  CaseDraftSchema,
  CasePublishSchema,
  REQUIRED_SECTIONS,
  SECTIONS,
  contentFromInput,
  type CaseContent,
} from "~/models/case-content.ts";
import { CaseError, createDraft, getCaseForEditing, publishCase, saveDraft } from "~/models/case.server.ts";
import { readForm } from "~/utils/form-body.server.ts";

/**
 * Reads the posted case form (ADR 017): the schema's fields plus what the form
 * and the autosave add around it, and the no-JavaScript textareas.
 */
export function readCaseForm(request: Request): Promise<FormData> {
  return readForm(request, CaseDraftSchema, [
    "intent",
    "version",
    "clientKey",
    "caseId",
    "note",
    ...SECTIONS.map((s) => `${s}Text`),
  ]);
}

function sameContent(a: CaseContent, b: CaseContent): boolean {
  // The stored copy carries the resolved base; the posted one may not.
  return JSON.stringify({ ...a, baseId: null }) === JSON.stringify({ ...b, baseId: null });
}

export type CaseIntent = "autosave" | "save" | "publish" | "preview";

/**
 * Without JavaScript the sections are plain textareas named `<section>Text`;
 * their text becomes a document here, the same way the comment form does. Each
 * also carries its stored document in a hidden field, so an untouched section
 * keeps its formatting; a section whose text is no longer that document's text
 * was edited (or emptied) and is saved as its text. Until session 12 the stored
 * document always won, and an edit made without JavaScript was silently dropped.
 */
function withPlainTextSections(formData: FormData): FormData {
  for (const s of SECTIONS) {
    const text = formData.get(`${s}Text`);
    if (typeof text !== "string") continue;
    const json = formData.get(s);
    const stored = typeof json === "string" && json !== "" ? storedText(json) : null;
    if (stored === null ? !text.trim() : sameText(stored, text)) continue;
    formData.set(s, JSON.stringify(docFromPlainText(text)));
  }
  return formData;
}

/** The plain text of a posted document, as the form's textarea showed it; null when unreadable. */
function storedText(json: string): string | null {
  try {
    return docToPlainText(JSON.parse(json) as JSONContent);
  } catch {
    return null;
  }
}

/** Equal but for line endings (a browser posts CRLF) and the whitespace around the whole text. */
function sameText(a: string, b: string): boolean {
  const norm = (t: string) => t.replace(/\r\n?/g, "\n").trim();
  return norm(a) === norm(b);
}

export type ParsedCaseForm =
  | {
      ok: true;
      content: CaseContent;
      intent: CaseIntent;
      version: number;
      clientKey: string;
      note: string;
      /** The form echoed back with errors, keeping everything that was typed. */
      replyWith: (errors: {
        formErrors?: string[];
        fieldErrors?: Record<string, string[]>;
      }) => SubmissionResult<string[]>;
    }
  | { ok: false; reply: SubmissionResult<string[]> };

export function parseCaseForm(formData: FormData): ParsedCaseForm {
  withPlainTextSections(formData);
  const intent = (String(formData.get("intent") ?? "save") as CaseIntent) || "save";
  const schema = intent === "publish" ? CasePublishSchema : CaseDraftSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return { ok: false, reply: submission.reply({ hideFields: [] }) };
  }
  const content = contentFromInput(submission.value);
  // Sections: every posted document must pass the editor schema; publishing
  // also needs the required ones to have text.
  const fieldErrors: Record<string, string[]> = {};
  for (const s of SECTIONS) {
    const raw = content.sections[s];
    if (raw == null) continue;
    const checked = validateDoc(raw, "case");
    if (!checked.ok) {
      fieldErrors[s] = checked.errors;
      continue;
    }
    content.sections[s] = isEmptyDoc(checked.doc) ? null : checked.doc;
  }
  if (intent === "publish") {
    for (const s of REQUIRED_SECTIONS) {
      if (content.sections[s] == null && !fieldErrors[s]) fieldErrors[s] = ["cases:errors.sectionRequired"];
    }
  }
  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, reply: submission.reply({ fieldErrors }) };
  }
  const version = Number(formData.get("version") ?? 0);
  return {
    ok: true,
    content,
    intent,
    version: Number.isInteger(version) ? version : 0,
    clientKey: String(formData.get("clientKey") ?? "").slice(0, 64),
    note: String(formData.get("note") ?? "")
      .trim()
      .slice(0, 300),
    replyWith: (errors) => submission.reply(errors),
  };
}

export type SaveOutcome =
  | { kind: "saved"; caseId: string; slug: string; version: number; savedAt: string }
  | { kind: "published"; slug: string; revision: number }
  | { kind: "conflict"; version?: number; savedAt?: string; slug?: string; published?: boolean }
  | { kind: "error"; code: CaseError["code"] };

/**
 * Saves or publishes. `caseId` is null on /cases/new: the first save creates
 * the draft (idempotent by the form's clientKey), then it is saved or published
 * like any other.
 */
export async function saveCaseForm(
  user: SessionUser,
  caseId: string | null,
  parsed: Extract<ParsedCaseForm, { ok: true }>,
): Promise<SaveOutcome> {
  try {
    let id = caseId;
    let version = parsed.version;
    let slug = "";
    if (!id) {
      if (!parsed.clientKey) return { kind: "error", code: "not-found" };
      const created = await createDraft(user.id, parsed.clientKey, parsed.content);
      id = created.id;
      slug = created.slug;
      // A brand-new draft already holds this content.
      if (created.created) {
        if (parsed.intent !== "publish") {
          return {
            kind: "saved",
            caseId: id,
            slug,
            version: created.draftVersion,
            savedAt: created.draftSavedAt.toISOString(),
          };
        }
        version = created.draftVersion;
      }
    }
    if (parsed.intent === "publish") {
      let expectedVersion = version;
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await publishCase(id, user, parsed.content, { expectedVersion, note: parsed.note });
          return { kind: "published", slug: result.slug, revision: result.revision };
        } catch (e) {
          // A double click or a resubmitted form: the same content was just
          // published, so this is that publication, not a conflict. Looked at again
          // after a second conflict: on PostgreSQL the other request's publication
          // can still be running at the first look (SQLite's one connection made
          // this request wait for it), and is committed once it conflicted with ours.
          if (!(e instanceof CaseError && e.code === "conflict") || attempt > 2) throw e;
          const current = await getCaseForEditing(id, user);
          if (!current || !sameContent(current.content, parsed.content)) throw e;
          if (current.revisionNumber > 0 && (current.mode === "published" || !current.hasPendingDraft)) {
            return { kind: "published", slug: current.slug, revision: current.revisionNumber };
          }
          // This tab's own autosave landed first with the same content: not a
          // conflict with anyone, so publish that version.
          expectedVersion = current.version;
        }
      }
    }
    const saved = await saveDraft(id, user, parsed.content, version);
    return { kind: "saved", caseId: id, slug, version: saved.version, savedAt: saved.savedAt.toISOString() };
  } catch (e) {
    if (e instanceof CaseError) {
      if (e.code === "conflict") {
        const d = e.details as { version?: number; savedAt?: Date; slug?: string; published?: boolean };
        return {
          kind: "conflict",
          version: d.version,
          savedAt: d.savedAt ? new Date(d.savedAt).toISOString() : undefined,
          slug: d.slug,
          published: d.published,
        };
      }
      return { kind: "error", code: e.code };
    }
    throw e;
  }
}
